package dev.autodidact.autodiff;

import dev.autodidact.onnx.BuildOption;
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
import dev.autodidact.onnx.Linalg;
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
 * <p>Conv's input gradient is, for stride 1, a Conv with the flipped, channel-swapped kernel, else a
 * ConvTranspose with {@code output_padding = (H + 2p − k_eff) mod s}. Its weight gradient is an im2col
 * product: one strided Slice of the padded input per kernel offset, stacked and multiplied with the
 * output gradient (MatMul per sample + ReduceSum, or one Gemm with the batch folded in). The older
 * correlation form — a Conv over the batch-transposed input with the output gradient as kernel, stride
 * and dilation swapped, then a Slice to k×k — is kept as {@code conv.wgrad=conv}; on ORT's CPU kernels it
 * was 2-4× slower (docs/performance.md).
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
      dx = inputGrad(gy, w, s, op);
    }
    Tensor dw = null;
    if (need[1]) {
      String f = gy.graph().option(BuildOption.CONV_WGRAD);
      if (f.equals("auto")) {
        // Per sample products [M, k·C] stay no larger than the columns when L >= M; else fold the batch in.
        long positions = gy.shape().numel() / (gy.dim(0) * gy.dim(1));
        long kh = w.rank() == 4 ? w.dim(2) : 0;
        long kw = w.rank() == 4 ? w.dim(3) : 0;
        // Flat windows copy k_h·|x| + k_w·|gy|, strided ones k_h·k_w·|x|: flat unless the gradient is much
        // wider than the input (a stem: 3 → 64 channels was 2× slower flat).
        if (x.rank() == 4 && Arrays.stream(s.strides()).allMatch(v -> v == 1)
            && kw * gy.dim(1) <= (kh * kw - kh) * x.dim(1)) {
          f = "flat-gemm";
        } else {
          f = positions >= gy.dim(1) / s.group() ? "batched" : "gemm";
        }
      }
      dw = f.equals("conv") ? weightGrad(x, gy, w.shape(), s, false) : weightGradIm2col(x, gy, w.shape(), s, f);
    }
    Tensor db = n.input(2) != null && need[2] ? reduceSum(gy, false, NormRules.nonChannelAxes(gy.rank())) : null;
    return new Tensor[] {dx, dw, db};
  }

  /**
   * The input gradient: ConvTranspose of the output gradient, or — for stride 1, one group, when asked —
   * a plain Conv with the kernel flipped and its channel axes swapped, padded by d·(k−1) − p.
   */
  private static Tensor inputGrad(Tensor gy, Tensor w, ConvSpec s, long[] outputPadding) {
    int sp = s.spatialRank();
    boolean strideOne = Arrays.stream(s.strides()).allMatch(v -> v == 1);
    long[] pads = new long[2 * sp];
    boolean padsOk = true;
    for (int i = 0; i < sp; i++) {
      long full = s.dilations()[i] * (w.dim(i + 2) - 1);
      pads[i] = full - s.pads()[i];
      pads[i + sp] = full - s.pads()[i + sp];
      padsOk &= pads[i] >= 0 && pads[i + sp] >= 0;
    }
    if (!gy.graph().option(BuildOption.CONV_DGRAD).equals("conv") || !strideOne || s.group() != 1 || !padsOk) {
      return Nn.convTranspose(gy, w, null, s.withOutputPadding(outputPadding));
    }
    Tensor wt = transpose(w, swap01(w.rank()));
    long[] starts = new long[sp];
    long[] ends = new long[sp];
    long[] axes = new long[sp];
    long[] steps = new long[sp];
    for (int i = 0; i < sp; i++) {
      starts[i] = -1;
      ends[i] = Long.MIN_VALUE;
      axes[i] = i + 2;
      steps[i] = -1;
    }
    Tensor flipped = slice(wt, starts, ends, axes, steps);
    return Nn.conv(gy, flipped, null, new ConvSpec(s.strides(), pads, s.dilations(), 1, new long[sp]));
  }

  /**
   * Conv's weight gradient by im2col: the kernel-offset views of the padded input (one strided Slice per
   * offset) are stacked and contracted with the output gradient in one matrix product.
   *
   * <p>{@code gemm}: channel-major, [M, N·L] × [k·C, N·L]ᵀ as one Gemm over the batch-transposed
   * tensors (the batch folds into the inner dimension, so the product stays large for small images).
   * {@code batched}: per sample, [N, M, L] × [N, k·C, L]ᵀ then a sum over N, with no batch transposes
   * (good when L = H_out·W_out is large). k = kernel volume, L = output positions.
   */
  private static Tensor weightGradIm2col(Tensor x, Tensor gy, Shape wShape, ConvSpec s, String how) {
    long groups = s.group();
    List<Tensor> xs = groups == 1 ? List.of(x) : split(x, 1, evenly(x.dim(1), groups));
    List<Tensor> gs = groups == 1 ? List.of(gy) : split(gy, 1, evenly(gy.dim(1), groups));
    List<Tensor> parts = new ArrayList<>();
    for (int gi = 0; gi < groups; gi++) {
      parts.add(weightGradIm2colGroup(xs.get(gi), gs.get(gi), Arrays.copyOfRange(wShape.dims(), 2, wShape.rank()), s, how));
    }
    Tensor r = parts.size() == 1 ? parts.get(0) : concat(0, parts);
    if (!r.shape().equals(wShape)) {
      throw new IllegalStateException("im2col weight gradient " + r.shape() + " != " + wShape);
    }
    return r;
  }

  private static Tensor weightGradIm2colGroup(Tensor x, Tensor gy, long[] k, ConvSpec s, String how) {
    if (how.startsWith("flat-")) {
      if (x.rank() == 4 && Arrays.stream(s.strides()).allMatch(v -> v == 1)) {
        return weightGradFlat(x, gy, k, s, how.equals("flat-batched"));
      }
      how = how.substring("flat-".length()); // strided or not 2-D: the strided-slice form
    }
    int sp = s.spatialRank();
    int rank = x.rank();
    long n = x.dim(0);
    long c = x.dim(1);
    long m = gy.dim(1);
    long positions = 1;
    for (int i = 0; i < sp; i++) {
      positions *= gy.dim(i + 2);
    }
    boolean batched = how.equals("batched");
    // gemm works on [C, N, spatial], so the stacked views are already [k·C, N·L] in row order.
    Tensor src = batched ? x : transpose(x, swap01(rank));
    long[] pads = new long[2 * rank];
    boolean anyPad = false;
    for (int i = 0; i < sp; i++) {
      pads[i + 2] = s.pads()[i];
      pads[i + 2 + rank] = s.pads()[i + sp];
      anyPad |= s.pads()[i] != 0 || s.pads()[i + sp] != 0;
    }
    Tensor xp = anyPad ? ShapeOps.pad(src, pads, 0.0) : src;
    long kvol = Arrays.stream(k).reduce(1, (p, q) -> p * q);
    List<Tensor> views = new ArrayList<>();
    long[] axes = new long[sp];
    long[] steps = s.strides();
    for (int i = 0; i < sp; i++) {
      axes[i] = i + 2;
    }
    for (long flat = 0; flat < kvol; flat++) {
      long rem = flat;
      long[] starts = new long[sp];
      long[] ends = new long[sp];
      boolean whole = true;
      for (int i = sp - 1; i >= 0; i--) {
        long off = rem % k[i];
        rem /= k[i];
        starts[i] = off * s.dilations()[i];
        ends[i] = starts[i] + s.strides()[i] * (gy.dim(i + 2) - 1) + 1;
        whole &= starts[i] == 0 && ends[i] == xp.dim(i + 2) && steps[i] == 1;
      }
      views.add(whole ? xp : slice(xp, starts, ends, axes, steps));
    }
    Tensor cols = views.size() == 1 ? views.get(0) : concat(batched ? 1 : 0, views);
    Tensor dw; // [M, k·C] with columns ordered (kernel offset, channel)
    if (batched) {
      Tensor cols3 = reshape(cols, Shape.of(n, kvol * c, positions));
      Tensor g3 = reshape(gy, Shape.of(n, m, positions));
      Tensor per = Linalg.matMul(g3, transpose(cols3, 0, 2, 1)); // [N, M, k·C]
      dw = reduceSum(per, false, 0);
    } else {
      Tensor cols2 = reshape(cols, Shape.of(kvol * c, n * positions));
      Tensor g2 = reshape(transpose(gy, swap01(rank)), Shape.of(m, n * positions));
      dw = Linalg.gemm(g2, cols2, null, 1, 0, false, true);
    }
    long[] kc = new long[sp + 2];
    kc[0] = m;
    System.arraycopy(k, 0, kc, 1, sp);
    kc[sp + 1] = c;
    long[] perm = new long[sp + 2];
    perm[1] = sp + 1;
    for (int i = 0; i < sp; i++) {
      perm[i + 2] = i + 1;
    }
    return kvol == 1 ? reshape(dw, Shape.of(concatDims(m, c, k))) : transpose(reshape(dw, Shape.of(kc)), perm);
  }

  /**
   * Weight gradient of a 2-D, stride-1 Conv with contiguous windows only. With rows flattened, the kernel
   * row offset i is a window of the padded input starting at i·d·W_p, and the column offset j is moved to
   * the output-gradient side as a shift by d·j (its rows padded to W_p with zeros, so nothing wraps):
   * dW[m, c, i, j] = Σ_u G_j[m, u]·X_i[c, u]. So k_h windows of x and k_w of the gradient, each a
   * row-contiguous copy, then one product [k_w·M, T]·[k_h·C, T]ᵀ (per sample and summed, or with the
   * batch folded into T).
   */
  private static Tensor weightGradFlat(Tensor x, Tensor gy, long[] k, ConvSpec s, boolean batched) {
    long n = x.dim(0);
    long c = x.dim(1);
    long m = gy.dim(1);
    long kh = k[0];
    long kw = k[1];
    long dh = s.dilations()[0];
    long dwl = s.dilations()[1];
    long[] p = s.pads();
    long wp = x.dim(3) + p[1] + p[3];
    long hp = x.dim(2) + p[0] + p[2];
    long ho = gy.dim(2);
    long wo = gy.dim(3);
    long shiftW = dwl * (kw - 1);
    long t = ho * wp;
    long t2 = t + shiftW;
    long extraRows = (shiftW + wp - 1) / wp;
    // x side: [A, B, H, W] with (A, B) = (N, C) batched, (C, N) folded.
    Tensor src = batched ? x : transpose(x, swap01(4));
    Tensor xp = ShapeOps.pad(src, new long[] {0, 0, p[0], p[1], 0, 0, p[2] + extraRows, p[3]}, 0.0);
    Tensor xf = reshape(xp, Shape.of(src.dim(0), src.dim(1), (hp + extraRows) * wp));
    List<Tensor> xw = new ArrayList<>();
    for (long i = 0; i < kh; i++) {
      long start = i * dh * wp;
      xw.add(start == 0 && t2 == xf.dim(2) ? xf : slice(xf, 2, start, start + t2));
    }
    Tensor xs = xw.size() == 1 ? xw.get(0) : concat(batched ? 1 : 0, xw);
    // gradient side: rows padded to W_p, flattened, then shifted by d·j.
    Tensor gsrc = batched ? gy : transpose(gy, swap01(4));
    Tensor gp = wp == wo ? gsrc : ShapeOps.pad(gsrc, new long[] {0, 0, 0, 0, 0, 0, 0, wp - wo}, 0.0);
    Tensor gf = reshape(gp, Shape.of(gsrc.dim(0), gsrc.dim(1), t));
    Tensor gpp = shiftW == 0 ? gf : ShapeOps.pad(gf, new long[] {0, 0, shiftW, 0, 0, shiftW}, 0.0);
    List<Tensor> gw = new ArrayList<>();
    for (long j = 0; j < kw; j++) {
      long start = shiftW - dwl * j;
      gw.add(start == 0 && t2 == gpp.dim(2) ? gpp : slice(gpp, 2, start, start + t2));
    }
    Tensor gs = gw.size() == 1 ? gw.get(0) : concat(batched ? 1 : 0, gw);
    Tensor r; // [k_w·M, k_h·C], indexed (j, m) × (i, c)
    if (batched) {
      r = reduceSum(Linalg.matMul(gs, transpose(xs, 0, 2, 1)), false, 0);
    } else {
      r = Linalg.gemm(reshape(gs, Shape.of(kw * m, n * t2)), reshape(xs, Shape.of(kh * c, n * t2)), null, 1, 0,
          false, true);
    }
    if (kh == 1 && kw == 1) {
      return reshape(r, Shape.of(m, c, 1, 1));
    }
    return transpose(reshape(r, Shape.of(kw, m, kh, c)), 1, 3, 2, 0);
  }

  private static long[] concatDims(long a, long b, long[] rest) {
    long[] r = new long[rest.length + 2];
    r[0] = a;
    r[1] = b;
    System.arraycopy(rest, 0, r, 2, rest.length);
    return r;
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
    Tensor db = n.input(2) != null && need[2] ? reduceSum(gy, false, NormRules.nonChannelAxes(gy.rank())) : null;
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
