package dev.autodidact.onnx;

import static dev.autodidact.onnx.ShapeOps.concat;
import static dev.autodidact.onnx.ShapeOps.pad;
import static dev.autodidact.onnx.ShapeOps.reshape;
import static dev.autodidact.onnx.ShapeOps.slice;
import static dev.autodidact.onnx.ShapeOps.transpose;

import java.util.ArrayList;
import java.util.List;

/**
 * Square 2-D convolution (no bias, no groups, padding p on every side) as an explicit im2col + one
 * Gemm over channels-last (NHWC) activations, with a hand-written backward that reuses the column
 * matrix.
 *
 * <p>ORT runs a Conv whose weight is a graph input through MLAS im2col + SGEMM per image (its fast
 * NCHWc path needs constant weights). Here the batch is folded into the rows: columns
 * {@code [N·Ho·Wo, k·k·C]} (one strided Slice of the padded input per kernel offset, concatenated on the
 * channel axis) times the weight as {@code [k·k·C, M]}, so the product is one large Gemm whose output is
 * NHWC directly. Backward: the weight gradient is {@code colsᵀ·g} (same columns); the input gradient for
 * stride 1 is the same construction applied to the output gradient with the flipped, channel-swapped
 * kernel; for other strides a ConvTranspose on NCHW views.
 *
 * <p>Selected by the graph build option {@code conv.forward} ({@link BuildOption#CONV_FORWARD}): {@code conv} (a plain
 * ONNX Conv, differentiated by {@code autodiff.ConvRules}), {@code nhwc} ({@link #nhwc}: strided-slice
 * columns on channels-last activations, any stride) or {@code flat} ({@link #cnhwSame}: flat windows on
 * channels-first activations, stride-1 "same" convs only; others stay plain Convs).
 */
public final class ConvGemm {
  /** Composite kind of {@link #nhwc} (backward: {@code autodiff.ConvGemmRules}). */
  public static final String NHWC = "ConvGemmNhwc";
  /** Composite kind of {@link #cnhwSame} (backward: {@code autodiff.ConvGemmRules}). */
  public static final String CNHW_SAME = "ConvGemmCnhwSame";

  private ConvGemm() {}

  /** {@code auto}: the largest H·W for which a stride-1 conv is built as {@code nhwc}. */
  static final long AUTO_MAX_AREA = 49;

  /** The formulation in force for {@code x}'s graph. */
  public static String forward(Tensor x) {
    return x.graph().option(BuildOption.CONV_FORWARD);
  }

  /** NCHW convolution [N, C, H, W] → [N, M, Ho, Wo] in the formulation of the graph's build options. */
  public static Tensor conv2d(Tensor x, Tensor w, int stride, int pad) {
    String f = forward(x);
    if (f.equals("auto")) {
      // Measured (docs/performance.md): one Gemm with the batch folded in wins where per-image products are
      // skinny (small feature maps); at 14×14 and above MLAS's per-image Conv is faster. For strided convs
      // the output map decides.
      // The folded Gemm needs a static batch (dynamic-batch graphs, e.g. the exported encoder, keep Conv).
      long ho = (x.dim(2) + 2L * pad - w.dim(2)) / stride + 1;
      long wo = (x.dim(3) + 2L * pad - w.dim(3)) / stride + 1;
      boolean small = stride == 1 ? x.dim(2) * x.dim(3) <= AUTO_MAX_AREA : ho * wo <= AUTO_MAX_AREA;
      f = x.shape().isStatic() && small ? "nhwc" : "conv";
    }
    if (f.equals("nhwc")) {
      return transpose(nhwc(transpose(x, 0, 2, 3, 1), w, stride, pad), 0, 3, 1, 2);
    }
    if (f.equals("flat") && stride == 1 && 2L * pad == w.dim(2) - 1) {
      return transpose(cnhwSame(transpose(x, 1, 0, 2, 3), w), 1, 0, 2, 3);
    }
    return Nn.conv(x, w, null, ConvSpec.of2d(stride, pad));
  }

  /**
   * Stride-1 "same" convolution (odd k, padding (k − 1)/2) on channels-first activations: x [C, N, H, W],
   * w [M, C, k, k] → [M, N, H, W], with flat windows. With x padded to [C, N + 1, Hp, Wp] (one extra zero
   * image at the end) and flattened to [C, (N + 1)·Hp·Wp], kernel offset (i, j) is the contiguous window
   * starting at i·Wp + j of length R = N·Hp·Wp: the columns [k·k·C, R] are k² row-contiguous copies, the
   * product one Gemm [M, k·k·C]·[k·k·C, R], and the valid outputs a Slice of [M, N, Hp, Wp] (the other
   * positions, (Hp·Wp)/(H·W) − 1 of the work, are discarded).
   *
   * <p>Backward: the output gradient padded the same way gives, as k² windows, the columns of the input
   * gradient (the flipped, channel-swapped kernel, again one Gemm and a Slice); its centre window is the
   * output gradient laid out on the input's padded positions (zeros elsewhere), so the weight gradient is
   * one Gemm {@code G·colsᵀ} (transB) with the forward's columns.
   */
  public static Tensor cnhwSame(Tensor x, Tensor w) {
    if (!x.shape().isStatic()) {
      throw new IllegalArgumentException("conv flat needs a static shape, got " + x.shape());
    }
    if (x.rank() != 4 || w.rank() != 4 || w.dim(1) != x.dim(0) || w.dim(2) != w.dim(3) || w.dim(2) % 2 == 0) {
      throw new IllegalArgumentException("conv flat: x " + x.shape() + " (CNHW) and w " + w.shape() + " do not fit");
    }
    long c = x.dim(0);
    long n = x.dim(1);
    long h = x.dim(2);
    long wd = x.dim(3);
    long m = w.dim(0);
    long k = w.dim(2);
    long p = (k - 1) / 2;
    long hp = h + 2 * p;
    long wp = wd + 2 * p;
    List<Tensor> xw = flatWindows(x, k, p);
    Tensor cols = xw.size() == 1 ? xw.get(0) : concat(0, xw); // [k·k·C, R]
    Tensor w2 = reshape(transpose(w, 0, 2, 3, 1), Shape.of(m, k * k * c)); // columns ordered (i, j, c)
    Tensor y = valid(Linalg.gemm(w2, cols, null, 1, 0, false, false), m, n, hp, wp, h, wd);
    x.graph().defineComposite(y, new Graph.Composite(CNHW_SAME, List.of(x, w), List.of(cols), k, p, hp, wp));
    return y;
  }

  /** The k² flat windows [C, N·Hp·Wp] of a [C, N, H, W] tensor padded by p (plus one zero image). */
  public static List<Tensor> flatWindows(Tensor x, long k, long p) {
    long c = x.dim(0);
    long n = x.dim(1);
    long hp = x.dim(2) + 2 * p;
    long wp = x.dim(3) + 2 * p;
    long r = n * hp * wp;
    Tensor xp = pad(x, new long[] {0, 0, p, p, 0, 1, p, p}, 0.0);
    Tensor xf = reshape(xp, Shape.of(c, (n + 1) * hp * wp));
    List<Tensor> views = new ArrayList<>();
    for (long i = 0; i < k; i++) {
      for (long j = 0; j < k; j++) {
        long start = i * wp + j;
        views.add(slice(xf, 1, start, start + r));
      }
    }
    return views;
  }

  /** [A, N·Hp·Wp] → [A, N, H, W]: the top-left H×W of each padded image. */
  public static Tensor valid(Tensor flat, long a, long n, long hp, long wp, long h, long w) {
    Tensor full = reshape(flat, Shape.of(a, n, hp, wp));
    return hp == h && wp == w ? full : slice(full, new long[] {0, 0}, new long[] {h, w}, new long[] {2, 3}, new long[] {1, 1});
  }

  /**
   * x [N, H, W, C] (channels last), w [M, C, k, k] (PyTorch layout) → [N, Ho, Wo, M], Ho = ⌊(H + 2p −
   * k)/s⌋ + 1, with the custom backward described in the class comment.
   */
  public static Tensor nhwc(Tensor x, Tensor w, int stride, int pad) {
    check(x, w);
    long n = x.dim(0);
    long c = x.dim(3);
    long m = w.dim(0);
    long k = w.dim(2);
    long ho = (x.dim(1) + 2L * pad - k) / stride + 1;
    long wo = (x.dim(2) + 2L * pad - k) / stride + 1;
    Tensor cols = columns(x, k, stride, pad, ho, wo);
    // [M, C, kh, kw] → [kh, kw, C, M] → [k·k·C, M]: rows ordered like the column blocks.
    Tensor w2 = reshape(transpose(w, 2, 3, 1, 0), Shape.of(k * k * c, m));
    Tensor y2 = Linalg.gemm(cols, w2, null, 1, 0, false, false);
    Tensor y = reshape(y2, Shape.of(n, ho, wo, m));
    x.graph().defineComposite(y, new Graph.Composite(NHWC, List.of(x, w), List.of(cols), stride, pad));
    return y;
  }

  private static void check(Tensor x, Tensor w) {
    if (!x.shape().isStatic()) {
      throw new IllegalArgumentException("conv im2col needs a static shape, got " + x.shape());
    }
    if (x.rank() != 4 || w.rank() != 4 || w.dim(1) != x.dim(3) || w.dim(2) != w.dim(3)) {
      throw new IllegalArgumentException("conv im2col: x " + x.shape() + " (NHWC) and w " + w.shape() + " do not fit");
    }
  }

  /** [N·Ho·Wo, k·k·C], column blocks ordered by kernel offset (row-major), channels inside. */
  public static Tensor columns(Tensor x, long k, long s, long p, long ho, long wo) {
    long n = x.dim(0);
    long c = x.dim(3);
    Tensor xp = p == 0 ? x : pad(x, new long[] {0, p, p, 0, 0, p, p, 0}, 0.0);
    List<Tensor> views = new ArrayList<>();
    for (long i = 0; i < k; i++) {
      for (long j = 0; j < k; j++) {
        long eh = i + s * (ho - 1) + 1;
        long ew = j + s * (wo - 1) + 1;
        boolean whole = i == 0 && j == 0 && s == 1 && eh == xp.dim(1) && ew == xp.dim(2);
        views.add(whole ? xp : slice(xp, new long[] {i, j}, new long[] {eh, ew}, new long[] {1, 2}, new long[] {s, s}));
      }
    }
    Tensor cat = views.size() == 1 ? views.get(0) : concat(3, views);
    return reshape(cat, Shape.of(n * ho * wo, k * k * c));
  }
}
