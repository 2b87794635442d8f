package dev.autodidact.autodiff;

import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.ShapeOps.concat;
import static dev.autodidact.onnx.ShapeOps.expand;
import static dev.autodidact.onnx.ShapeOps.reshape;
import static dev.autodidact.onnx.ShapeOps.slice;
import static dev.autodidact.onnx.ShapeOps.split;
import static dev.autodidact.onnx.ShapeOps.transpose;

import dev.autodidact.onnx.ConvSpec;
import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Gradients of convolutions and pooling, written with standard ops only.
 *
 * <p>Conv's input gradient is a ConvTranspose with {@code output_padding = (H + 2p − k_eff) mod s}. Its
 * weight gradient is a Conv over the batch-transposed input with the output gradient as kernel, stride
 * and dilation swapped, then a Slice to k×k when that mod is non-zero (design.md §3).
 */
final class ConvRules {
  private ConvRules() {}

  static void register(Map<String, GradientRule> m) {
    m.put("Conv", ConvRules::conv_);
    m.put("ConvTranspose", ConvRules::convTranspose_);
    m.put("MaxPool", ConvRules::maxPool_);
    m.put("AveragePool", ConvRules::averagePool_);
    m.put("GlobalAveragePool", (n, g, need) -> {
      Tensor x = n.input(0);
      long area = x.shape().numel() / (x.dim(0) * x.dim(1));
      return new Tensor[] {expand(div(g[0], (double) area), x.shape())};
    });
  }

  /** The geometry of a Conv/ConvTranspose/pool node. */
  static ConvSpec spec(Node n, int spatial) {
    long[] strides = orDefault(n.attrInts("strides"), spatial, 1);
    long[] pads = orDefault(n.attrInts("pads"), 2 * spatial, 0);
    long[] dil = orDefault(n.attrInts("dilations"), spatial, 1);
    long[] op = orDefault(n.attrInts("output_padding"), spatial, 0);
    return new ConvSpec(strides, pads, dil, n.attrInt("group", 1), op);
  }

  private static long[] orDefault(long[] v, int len, long dflt) {
    if (v != null) {
      return v;
    }
    long[] r = new long[len];
    Arrays.fill(r, dflt);
    return r;
  }

  private static long[] spatialAxes(int rank) {
    long[] a = new long[rank - 1];
    a[0] = 0;
    for (int i = 2; i < rank; i++) {
      a[i - 1] = i;
    }
    return a;
  }

  private static long[] swap01(int rank) {
    long[] p = new long[rank];
    for (int i = 0; i < rank; i++) {
      p[i] = i;
    }
    p[0] = 1;
    p[1] = 0;
    return p;
  }

  private static Tensor[] conv_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    Tensor w = n.input(1);
    Tensor gy = g[0];
    int sp = x.rank() - 2;
    ConvSpec s = spec(n, sp);
    Tensor dx = null;
    if (need[0]) {
      long[] op = new long[sp];
      for (int i = 0; i < sp; i++) {
        long eff = s.dilations()[i] * (w.dim(i + 2) - 1) + 1;
        op[i] = (x.dim(i + 2) + s.pads()[i] + s.pads()[i + sp] - eff) % s.strides()[i];
      }
      dx = Nn.convTranspose(gy, w, null, s.withOutputPadding(op));
    }
    Tensor dw = need[1] ? weightGrad(x, gy, w.shape(), s, false) : null;
    Tensor db = n.input(2) != null && need[2] ? reduceSum(gy, false, spatialAxes(gy.rank())) : null;
    return new Tensor[] {dx, dw, db};
  }

  private static Tensor[] convTranspose_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    Tensor w = n.input(1);
    Tensor gy = g[0];
    int sp = x.rank() - 2;
    ConvSpec s = spec(n, sp);
    ConvSpec plain = new ConvSpec(s.strides(), s.pads(), s.dilations(), s.group(), new long[sp]);
    Tensor dx = need[0] ? Nn.conv(gy, w, null, plain) : null;
    Tensor dw = need[1] ? weightGrad(gy, x, w.shape(), s, true) : null;
    Tensor db = n.input(2) != null && need[2] ? reduceSum(gy, false, spatialAxes(gy.rank())) : null;
    return new Tensor[] {dx, dw, db};
  }

  /**
   * Weight gradient by correlating {@code a} with {@code b} per group: for Conv a = input, b = output
   * gradient (result [M, C/G, k]); for ConvTranspose a = output gradient, b = input (result [C, M/G, k]).
   * Channels of a and b become the batch axis; the stride becomes the dilation and vice versa.
   */
  private static Tensor weightGrad(Tensor a, Tensor b, Shape wShape, ConvSpec s, boolean transposed) {
    int sp = s.spatialRank();
    long groups = s.group();
    List<Tensor> as = groups == 1 ? List.of(a) : split(a, 1, evenly(a.dim(1), groups));
    List<Tensor> bs = groups == 1 ? List.of(b) : split(b, 1, evenly(b.dim(1), groups));
    ConvSpec corr = new ConvSpec(s.dilations(), s.pads(), s.strides(), 1, new long[sp]);
    List<Tensor> parts = new ArrayList<>();
    long[] k = Arrays.copyOfRange(wShape.dims(), 2, wShape.rank());
    for (int gi = 0; gi < groups; gi++) {
      Tensor at = transpose(as.get(gi), swap01(a.rank()));
      Tensor bt = transpose(bs.get(gi), swap01(b.rank()));
      Tensor r = Nn.conv(at, bt, null, corr); // [Ca, Cb, k']
      if (!Arrays.equals(Arrays.copyOfRange(r.shape().dims(), 2, r.rank()), k)) {
        long[] zeros = new long[sp];
        long[] axes = new long[sp];
        long[] ones = new long[sp];
        for (int i = 0; i < sp; i++) {
          axes[i] = i + 2;
          ones[i] = 1;
        }
        r = slice(r, zeros, k, axes, ones);
      }
      // Conv wants [M, C/G, k] from [C/G, M/G, k]; ConvTranspose wants [C/G, M/G, k] from [M/G, C/G, k].
      parts.add(transpose(r, swap01(r.rank())));
    }
    return parts.size() == 1 ? parts.get(0) : concat(0, parts);
  }

  private static long[] evenly(long total, long parts) {
    long[] r = new long[(int) parts];
    Arrays.fill(r, total / parts);
    return r;
  }

  // Scatter-add the output gradient to the argmax positions; indices are flat over the whole input.
  private static Tensor[] maxPool_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    Tensor idx = n.output(1);
    long total = x.shape().numel();
    long outN = g[0].shape().numel();
    Tensor zeros = ShapeOps.filled(x.graph(), x.dtype(), Shape.of(total), 0);
    Tensor flat = Index.scatterElements(zeros, reshape(idx, Shape.of(outN)), reshape(g[0], Shape.of(outN)), 0, "add");
    return new Tensor[] {reshape(flat, x.shape())};
  }

  // Each output spreads g/count evenly over its window: a depthwise ConvTranspose with a ones kernel,
  // after dividing by the per-position count (constant, computed here when padding is not counted).
  private static Tensor[] averagePool_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    int sp = x.rank() - 2;
    long[] kernel = n.attrInts("kernel_shape");
    ConvSpec s = spec(n, sp);
    boolean includePad = n.attrInt("count_include_pad", 0) != 0;
    long channels = x.dim(1);
    long[] wdims = new long[x.rank()];
    wdims[0] = channels;
    wdims[1] = 1;
    long kvol = 1;
    for (int i = 0; i < sp; i++) {
      wdims[i + 2] = kernel[i];
      kvol *= kernel[i];
    }
    Tensor ones = x.graph().constant(TensorData.filled(x.dtype(), Shape.of(wdims), 1.0));
    Tensor scaled = div(g[0], countTensor(x, g[0].shape(), kernel, s, includePad, kvol));
    long[] op = new long[sp];
    for (int i = 0; i < sp; i++) {
      op[i] = (x.dim(i + 2) + s.pads()[i] + s.pads()[i + sp] - kernel[i]) % s.strides()[i];
    }
    ConvSpec t = new ConvSpec(s.strides(), s.pads(), orDefault(null, sp, 1), channels, op);
    return new Tensor[] {Nn.convTranspose(scaled, ones, null, t)};
  }

  /** Divisor of each output position: the window volume, or the count of non-padding cells in it. */
  private static Tensor countTensor(Tensor x, Shape out, long[] kernel, ConvSpec s, boolean includePad, long kvol) {
    int sp = kernel.length;
    if (includePad || Arrays.stream(s.pads()).allMatch(p -> p == 0)) {
      return x.graph().scalar(kvol, x.dtype());
    }
    long[] odims = Arrays.copyOfRange(out.dims(), 2, out.rank());
    int count = (int) Arrays.stream(odims).reduce(1, (p, q) -> p * q);
    double[] c = new double[count];
    for (int flat = 0; flat < count; flat++) {
      long rem = flat;
      long cells = 1;
      for (int i = sp - 1; i >= 0; i--) {
        long o = rem % odims[i];
        rem /= odims[i];
        long start = o * s.strides()[i] - s.pads()[i];
        long lo = Math.max(0, start);
        long hi = Math.min(x.dim(i + 2), start + kernel[i]);
        cells *= Math.max(0, hi - lo);
      }
      c[flat] = cells;
    }
    long[] cshape = new long[out.rank()];
    cshape[0] = 1;
    cshape[1] = 1;
    System.arraycopy(odims, 0, cshape, 2, sp);
    return x.graph().constant(TensorData.fromDoubles(x.dtype(), Shape.of(cshape), c));
  }
}
