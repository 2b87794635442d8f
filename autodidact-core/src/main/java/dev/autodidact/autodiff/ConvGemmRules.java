package dev.autodidact.autodiff;

import static dev.autodidact.onnx.ShapeOps.concat;
import static dev.autodidact.onnx.ShapeOps.pad;
import static dev.autodidact.onnx.ShapeOps.reshape;
import static dev.autodidact.onnx.ShapeOps.slice;
import static dev.autodidact.onnx.ShapeOps.transpose;

import dev.autodidact.onnx.BuildOption;
import dev.autodidact.onnx.ConvGemm;
import dev.autodidact.onnx.ConvSpec;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The backwards of the im2col + Gemm convolutions ({@link ConvGemm}): the weight gradient reuses the
 * forward's columns; the input gradient is the same construction on the output gradient (stride 1), or
 * a column-gradient Gemm plus col2im by phases, or a ConvTranspose ({@code conv.nhwc_dgrad}).
 */
final class ConvGemmRules {
  private ConvGemmRules() {}

  static void register(Map<String, CompositeRule> m) {
    m.put(ConvGemm.NHWC, ConvGemmRules::nhwc);
    m.put(ConvGemm.CNHW_SAME, ConvGemmRules::cnhwSame);
  }

  /** x [C, N, H, W], w [M, C, k, k] (saved 0: the forward's columns [k·k·C, R]; ints: k, p, Hp, Wp). */
  private static Tensor[] cnhwSame(Graph.Composite comp, Tensor gy, boolean[] need) {
    Tensor x = comp.inputs().get(0); // [C, N, H, W]
    Tensor w = comp.inputs().get(1); // [M, C, k, k]
    Tensor cols = comp.saved(0);
    long[] kp = comp.ints();
    long k = kp[0];
    long p = kp[1];
    long c = x.dim(0);
    long m = w.dim(0);
    List<Tensor> gw = ConvGemm.flatWindows(gy, k, p);
    Tensor dx = null;
    Tensor dw = null;
    if (need[0]) {
      // [M, C, k, k] → [C, k, k, M] flipped in both kernel axes → [C, k·k·M], columns ordered (i, j, m).
      Tensor wf = slice(transpose(w, 1, 2, 3, 0), new long[] {-1, -1}, new long[] {Long.MIN_VALUE, Long.MIN_VALUE},
          new long[] {1, 2}, new long[] {-1, -1});
      Tensor gcols = gw.size() == 1 ? gw.get(0) : concat(0, gw);
      dx = ConvGemm.valid(Linalg.gemm(reshape(wf, Shape.of(c, k * k * m)), gcols, null, 1, 0, false, false), c, x.dim(1),
          kp[2], kp[3], x.dim(2), x.dim(3));
    }
    if (need[1]) {
      Tensor centre = gw.get((int) (p * k + p)); // gy on x's padded positions, zeros elsewhere: [M, R]
      Tensor d2 = Linalg.gemm(centre, cols, null, 1, 0, false, true); // [M, k·k·C]
      dw = transpose(reshape(d2, Shape.of(m, k, k, c)), 0, 3, 1, 2);
    }
    return new Tensor[] {dx, dw};
  }

  /** x [N, H, W, C], w [M, C, k, k] (saved 0: the forward's columns [N·Ho·Wo, k·k·C]; ints: stride, pad). */
  private static Tensor[] nhwc(Graph.Composite comp, Tensor gy, boolean[] need) {
    Tensor x = comp.inputs().get(0);
    Tensor w = comp.inputs().get(1);
    Tensor cols = comp.saved(0);
    int stride = (int) comp.ints()[0];
    int pad = (int) comp.ints()[1];
    long k = w.dim(2);
    long m = gy.dim(3);
    Tensor g2 = reshape(gy, Shape.of(gy.dim(0) * gy.dim(1) * gy.dim(2), m)); // [N·Ho·Wo, M]
    Tensor dx = null;
    Tensor dw = null;
    if (need[1]) {
      Tensor d2 = Linalg.gemm(cols, g2, null, 1, 0, true, false); // [k·k·C, M]
      dw = transpose(reshape(d2, Shape.of(k, k, x.dim(3), m)), 3, 2, 0, 1);
    }
    if (need[0]) {
      dx = inputGrad(gy, w, x.shape(), stride, pad);
    }
    return new Tensor[] {dx, dw};
  }

  /** The input gradient [N, H, W, C] of {@link ConvGemm#nhwc} for output gradient gy [N, Ho, Wo, M]. */
  private static Tensor inputGrad(Tensor gy, Tensor w, Shape xShape, int stride, int pad) {
    long k = w.dim(2);
    long c = w.dim(1);
    long m = w.dim(0);
    if (stride == 1 && pad <= k - 1) {
      // A stride-1 conv of gy with the flipped kernel, channels swapped, padded k − 1 − p.
      long q = k - 1 - pad;
      Tensor cols = ConvGemm.columns(gy, k, 1, q, xShape.dim(1), xShape.dim(2));
      Tensor wf = slice(transpose(w, 2, 3, 0, 1), new long[] {-1, -1}, new long[] {Long.MIN_VALUE, Long.MIN_VALUE},
          new long[] {0, 1}, new long[] {-1, -1}); // [k, k, M, C] flipped
      Tensor d2 = Linalg.gemm(cols, reshape(wf, Shape.of(k * k * m, c)), null, 1, 0, false, false);
      return reshape(d2, xShape);
    }
    String how = gy.graph().option(BuildOption.CONV_NHWC_DGRAD);
    // auto: col2im's column gradient [N·Ho·Wo, k·k·C] is a Gemm with inner dimension M; with M = 128 it was
    // memory-bound and slower than ConvTranspose (ResNet stage 3: 44 vs 35 ms), with M = 256 or a 1×1
    // kernel faster (stage 4: 52 vs 61 ms; shortcuts 8–11 vs 12 ms).
    if (how.equals("col2im") || how.equals("auto") && (k == 1 || m >= 256)) {
      return col2im(gy, w, xShape, stride, pad);
    }
    long h = xShape.dim(1);
    long op = (h + 2L * pad - k) % stride;
    long opw = (xShape.dim(2) + 2L * pad - k) % stride;
    Tensor dx = Nn.convTranspose(transpose(gy, 0, 3, 1, 2), w, null, ConvSpec.of2d(stride, pad).withOutputPadding(op, opw));
    return transpose(dx, 0, 2, 3, 1);
  }

  /**
   * Strided input gradient in NHWC without ConvTranspose: the column gradient gy·W as one Gemm
   * [N·Ho·Wo, k·k·C], then col2im by phases. Padded row P = s·o + i has phase a = i mod s and lies in
   * row o + ⌊i/s⌋ of that phase, so each of the s·s phase images [N, R, Q, C] is a sum of the kernel
   * offsets with that phase, each padded by its shift; the phases are interleaved with Concat/Reshape
   * (channel blocks stay contiguous) and the padding cropped. ORT's ConvTranspose ran these at ~110
   * GFLOP/s against ~270 for the Gemm (docs/performance.md).
   */
  private static Tensor col2im(Tensor gy, Tensor w, Shape xShape, int s, int p) {
    long n = gy.dim(0);
    long ho = gy.dim(1);
    long wo = gy.dim(2);
    long m = w.dim(0);
    long c = w.dim(1);
    long k = w.dim(2);
    long h = xShape.dim(1);
    long wd = xShape.dim(2);
    Tensor w2 = reshape(transpose(w, 2, 3, 1, 0), Shape.of(k * k * c, m)); // rows (i, j, c), as the forward
    Tensor dcols = Linalg.gemm(reshape(gy, Shape.of(n * ho * wo, m)), w2, null, 1, 0, false, true);
    Tensor blocks = reshape(dcols, Shape.of(n, ho, wo, k * k, c)); // [N, Ho, Wo, k·k, C]
    long dmax = (k - 1) / s;
    long r = ho + dmax;
    long q = wo + dmax;
    List<Tensor> rows = new ArrayList<>();
    for (long a = 0; a < s; a++) {
      List<Tensor> cols = new ArrayList<>();
      for (long b = 0; b < s; b++) {
        Tensor sum = null;
        for (long i = a; i < k; i += s) {
          for (long j = b; j < k; j += s) {
            long di = i / s;
            long dj = j / s;
            Tensor blk = reshape(slice(blocks, 3, i * k + j, i * k + j + 1), Shape.of(n, ho, wo, c));
            Tensor shifted = di == 0 && dj == 0 && dmax == 0 ? blk
                : pad(blk, new long[] {0, di, dj, 0, 0, dmax - di, dmax - dj, 0}, 0.0);
            sum = sum == null ? shifted : Elementwise.add(sum, shifted);
          }
        }
        if (sum == null) {
          sum = ShapeOps.filled(gy.graph(), gy.dtype(), Shape.of(n, r, q, c), 0.0);
        }
        cols.add(reshape(sum, Shape.of(n, r, q, 1, c)));
      }
      Tensor row = reshape(concat(3, cols), Shape.of(n, r, q * s, c)); // phase columns interleaved
      rows.add(reshape(row, Shape.of(n, r, 1, q * s, c)));
    }
    Tensor full = reshape(concat(2, rows), Shape.of(n, r * s, q * s, c)); // [N, s·R, s·Q, C] padded coordinates
    long needH = p + h;
    long needW = p + wd;
    if (r * s < needH || q * s < needW) {
      full = pad(full, new long[] {0, 0, 0, 0, 0, Math.max(0, needH - r * s), Math.max(0, needW - q * s), 0}, 0.0);
    }
    return slice(full, new long[] {p, p}, new long[] {needH, needW}, new long[] {1, 2}, new long[] {1, 1});
  }
}
