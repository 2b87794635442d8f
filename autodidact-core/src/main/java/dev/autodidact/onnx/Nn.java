package dev.autodidact.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Convolution, pooling and normalization ops (NCHW layout). */
public final class Nn {
  private Nn() {}

  private static Map<String, Attribute> geometry(ConvSpec s, long[] kernel) {
    Map<String, Attribute> a = new HashMap<>();
    a.put("strides", new Attribute.Ints(s.strides()));
    a.put("pads", new Attribute.Ints(s.pads()));
    a.put("kernel_shape", new Attribute.Ints(kernel));
    return a;
  }

  private static long[] spatialKernel(Tensor w) {
    return Arrays.copyOfRange(w.shape().dims(), 2, w.rank());
  }

  private static void checkSpatial(String op, Tensor x, ConvSpec s) {
    if (x.rank() != s.spatialRank() + 2) {
      throw Checks.fail(op, "input " + x.shape() + " does not have " + s.spatialRank() + " spatial axes");
    }
  }

  /** Output size of a window op along one axis. */
  static long windowOut(String op, long in, long k, long stride, long padB, long padE, long dil) {
    long eff = dil * (k - 1) + 1;
    long span = in + padB + padE - eff;
    if (span < 0) {
      throw Checks.fail(op, "window " + k + " (dilation " + dil + ") larger than padded input " + (in + padB + padE));
    }
    return span / stride + 1;
  }

  /** Convolution: x [N, C, *], w [M, C/group, *k], optional bias b [M]. */
  public static Tensor conv(Tensor x, Tensor w, Tensor b, ConvSpec s) {
    String op = "Conv";
    Checks.sameType(op, x, w);
    checkSpatial(op, x, s);
    if (w.rank() != x.rank()) {
      throw Checks.fail(op, "weight " + w.shape() + " rank differs from input " + x.shape());
    }
    if (x.dim(1) != w.dim(1) * s.group() || w.dim(0) % s.group() != 0) {
      throw Checks.fail(op, "channels differ, input " + x.shape() + " weight " + w.shape() + " group " + s.group());
    }
    if (b != null && (b.rank() != 1 || b.dim(0) != w.dim(0))) {
      throw Checks.fail(op, "bias " + b.shape() + " does not match weight " + w.shape());
    }
    long[] k = spatialKernel(w);
    int n = s.spatialRank();
    long[] out = new long[x.rank()];
    out[0] = x.dim(0);
    out[1] = w.dim(0);
    for (int i = 0; i < n; i++) {
      out[i + 2] = windowOut(op, x.dim(i + 2), k[i], s.strides()[i], s.pads()[i], s.pads()[i + n], s.dilations()[i]);
    }
    Map<String, Attribute> a = geometry(s, k);
    a.put("dilations", new Attribute.Ints(s.dilations()));
    a.put("group", new Attribute.Int(s.group()));
    return x.graph().op(op, Arrays.asList(x, w, b), a, x.dtype(), Shape.of(out));
  }

  /** Transposed convolution: x [N, C, *], w [C, M/group, *k]; output size from the spec's output padding. */
  public static Tensor convTranspose(Tensor x, Tensor w, Tensor b, ConvSpec s) {
    String op = "ConvTranspose";
    Checks.sameType(op, x, w);
    checkSpatial(op, x, s);
    if (x.dim(1) != w.dim(0)) {
      throw Checks.fail(op, "channels differ, input " + x.shape() + " weight " + w.shape());
    }
    long m = w.dim(1) * s.group();
    if (b != null && (b.rank() != 1 || b.dim(0) != m)) {
      throw Checks.fail(op, "bias " + b.shape() + " does not match " + m + " output channels");
    }
    long[] k = spatialKernel(w);
    int n = s.spatialRank();
    long[] out = new long[x.rank()];
    out[0] = x.dim(0);
    out[1] = m;
    for (int i = 0; i < n; i++) {
      out[i + 2] = s.strides()[i] * (x.dim(i + 2) - 1) + s.outputPadding()[i] + (k[i] - 1) * s.dilations()[i] + 1
          - s.pads()[i] - s.pads()[i + n];
      if (s.outputPadding()[i] >= Math.max(s.strides()[i], s.dilations()[i])) {
        throw Checks.fail(op, "output_padding " + Arrays.toString(s.outputPadding()) + " must be < stride or dilation");
      }
      if (out[i + 2] < 1) {
        throw Checks.fail(op, "empty output for input " + x.shape() + " and " + s);
      }
    }
    Map<String, Attribute> a = geometry(s, k);
    a.put("dilations", new Attribute.Ints(s.dilations()));
    a.put("group", new Attribute.Int(s.group()));
    if (!s.noOutputPadding()) {
      a.put("output_padding", new Attribute.Ints(s.outputPadding()));
    }
    return x.graph().op(op, Arrays.asList(x, w, b), a, x.dtype(), Shape.of(out));
  }

  private static Shape poolShape(String op, Tensor x, long[] kernel, ConvSpec s) {
    checkSpatial(op, x, s);
    int n = s.spatialRank();
    long[] out = x.shape().dims();
    for (int i = 0; i < n; i++) {
      out[i + 2] = windowOut(op, x.dim(i + 2), kernel[i], s.strides()[i], s.pads()[i], s.pads()[i + n], 1);
    }
    return Shape.of(out);
  }

  /** Max pooling. */
  public static Tensor maxPool(Tensor x, long[] kernel, ConvSpec s) {
    return maxPoolWithIndices(x, kernel, s).get(0);
  }

  /**
   * Max pooling that also returns the int64 indices of the maxima, flattened over the whole input
   * tensor (ONNX semantics, row-major) — the backward pass scatters through them.
   */
  public static List<Tensor> maxPoolWithIndices(Tensor x, long[] kernel, ConvSpec s) {
    Checks.floating("MaxPool", x);
    Shape out = poolShape("MaxPool", x, kernel, s);
    return x.graph().op("MaxPool", List.of(x), geometry(s, kernel), List.of(x.dtype(), DType.INT64), List.of(out, out));
  }

  /** Average pooling; {@code countIncludePad} divides by the full window even at padded borders. */
  public static Tensor averagePool(Tensor x, long[] kernel, ConvSpec s, boolean countIncludePad) {
    Checks.floating("AveragePool", x);
    Shape out = poolShape("AveragePool", x, kernel, s);
    Map<String, Attribute> a = geometry(s, kernel);
    a.put("count_include_pad", new Attribute.Int(countIncludePad ? 1 : 0));
    return x.graph().op("AveragePool", List.of(x), a, x.dtype(), out);
  }

  /** Mean over all spatial axes, keeping them as size 1: [N, C, *] → [N, C, 1, ...]. */
  public static Tensor globalAveragePool(Tensor x) {
    Checks.floating("GlobalAveragePool", x);
    if (x.rank() < 3) {
      throw Checks.fail("GlobalAveragePool", "needs [N, C, spatial...], got " + x.shape());
    }
    long[] out = x.shape().dims();
    Arrays.fill(out, 2, out.length, 1);
    return x.graph().op("GlobalAveragePool", List.of(x), Map.of(), x.dtype(), Shape.of(out));
  }

  private static void checkChannelVec(String op, Tensor x, Tensor v, String what) {
    if (v.rank() != 1 || v.dim(0) != x.dim(1)) {
      throw Checks.fail(op, what + " " + v.shape() + " does not match channels of " + x.shape());
    }
    Checks.sameType(op, x, v);
  }

  private static void checkBatchNorm(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var) {
    String op = "BatchNormalization";
    Checks.floating(op, x);
    checkChannelVec(op, x, scale, "scale");
    checkChannelVec(op, x, bias, "bias");
    checkChannelVec(op, x, mean, "mean");
    checkChannelVec(op, x, var, "var");
  }

  /**
   * BatchNormalization in training mode (opset 15): normalizes with batch statistics and returns
   * {@code [Y, running_mean, running_var]} where running = old·momentum + batch·(1 − momentum) in ONNX's
   * convention (PyTorch's momentum 0.1 is ONNX's 0.9). ORT's running_var uses the biased batch variance.
   */
  public static List<Tensor> batchNormTraining(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var,
      double epsilon, double momentum) {
    String op = "BatchNormalization";
    checkBatchNorm(x, scale, bias, mean, var);
    Map<String, Attribute> a = new HashMap<>();
    a.put("epsilon", new Attribute.Float((float) epsilon));
    a.put("momentum", new Attribute.Float((float) momentum));
    a.put("training_mode", new Attribute.Int(1));
    return x.graph().op(op, List.of(x, scale, bias, mean, var), a, List.of(x.dtype(), x.dtype(), x.dtype()),
        List.of(x.shape(), mean.shape(), var.shape()));
  }

  /** BatchNormalization in inference mode: normalizes with the given running statistics. */
  public static Tensor batchNormInference(Tensor x, Tensor scale, Tensor bias, Tensor mean, Tensor var,
      double epsilon) {
    String op = "BatchNormalization";
    checkBatchNorm(x, scale, bias, mean, var);
    return x.graph().op(op, List.of(x, scale, bias, mean, var), Map.of("epsilon", new Attribute.Float((float) epsilon)),
        x.dtype(), x.shape());
  }

  /** LayerNormalization (opset 17) over the axes from {@code axis} to the end; scale/bias shaped like them. */
  public static Tensor layerNorm(Tensor x, Tensor scale, Tensor bias, long axis, double epsilon) {
    String op = "LayerNormalization";
    Checks.floating(op, x);
    int a = x.shape().axis(op, axis);
    Shape normShape = Shape.of(Arrays.copyOfRange(x.shape().dims(), a, x.rank()));
    if (!scale.shape().equals(normShape) || (bias != null && !bias.shape().equals(normShape))) {
      throw Checks.fail(op, "scale " + scale.shape() + " / bias must be " + normShape + " for input " + x.shape());
    }
    Map<String, Attribute> attrs = new HashMap<>();
    attrs.put("axis", new Attribute.Int(a));
    attrs.put("epsilon", new Attribute.Float((float) epsilon));
    return x.graph().op(op, Arrays.asList(x, scale, bias), attrs, x.dtype(), x.shape());
  }

  /**
   * LayerNorm over the last axis built from elementwise ops and two ReduceMeans (two-pass variance, as
   * the LayerNormalization kernel), with a hand-written backward that reuses the forward's x̂ and 1/σ.
   * Why not the LayerNormalization op: ORT 1.29's CPU kernel took 6.6 ms on a [256, 65, 128] input where
   * these ops took 3.3 ms (a Mul of that size: 0.7 ms), and its gradient has to recompute the statistics
   * (≈ 13 full-size passes; this backward needs 7). Measured in docs/performance.md.
   * x: [..., D], gamma/beta: [D] → [..., D].
   */
  public static Tensor layerNormDecomposed(Tensor x, Tensor gamma, Tensor beta, double epsilon) {
    String op = "LayerNorm";
    Checks.floating(op, x);
    Shape d = Shape.of(x.dim(-1));
    if (!gamma.shape().equals(d) || !beta.shape().equals(d)) {
      throw Checks.fail(op, "scale " + gamma.shape() + " / bias " + beta.shape() + " must be " + d + " for input " + x.shape());
    }
    Graph g = x.graph();
    Tensor centered = Elementwise.sub(x, Reduce.reduceMean(x, true, -1)); // [..., D]
    Tensor var = Reduce.reduceMean(Elementwise.mul(centered, centered), true, -1); // [..., 1]
    Tensor invStd = Elementwise.reciprocal(Elementwise.sqrt(Elementwise.add(var, epsilon))); // [..., 1]
    Tensor xhat = Elementwise.mul(centered, invStd);
    Tensor y = Elementwise.add(Elementwise.mul(xhat, gamma), beta);
    g.defineComposite(y, new Graph.Composite("LayerNorm", List.of(x, gamma, beta), List.of(xhat, invStd)));
    return y;
  }
}
