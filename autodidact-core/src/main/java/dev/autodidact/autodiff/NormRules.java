package dev.autodidact.autodiff;

import dev.autodidact.onnx.BuildOption;
import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.neg;
import static dev.autodidact.onnx.Elementwise.reciprocal;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Reduce.reduceMean;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;
import static dev.autodidact.onnx.ShapeOps.reshape;

import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.Map;

/**
 * Gradients of BatchNormalization and LayerNormalization. Opset 15+ BatchNormalization no longer
 * outputs the batch statistics, so the rules recompute mean and inverse std from the input.
 */
final class NormRules {
  private NormRules() {}

  static void register(Map<String, GradientRule> m) {
    m.put("BatchNormalization", NormRules::batchNorm_);
    m.put("LayerNormalization", NormRules::layerNorm_);
  }

  /** [1, C, 1, ...] so a per-channel vector broadcasts against NCHW. */
  private static Shape channelShape(Tensor x) {
    long[] d = new long[x.rank()];
    java.util.Arrays.fill(d, 1);
    d[1] = x.dim(1);
    return Shape.of(d);
  }

  /** Every axis but the channel axis 1: [0, 2, 3, …] (per-channel sums: BN statistics, conv bias). */
  static long[] nonChannelAxes(int rank) {
    long[] a = new long[rank - 1];
    a[0] = 0;
    for (int i = 2; i < rank; i++) {
      a[i - 1] = i;
    }
    return a;
  }


  private static Tensor[] batchNorm_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    Tensor gamma = n.input(1);
    Tensor gy = g[0];
    if (gy == null) {
      return new Tensor[5];
    }
    if (n.attrInt("training_mode", 0) != 0 && n.input(0).graph().option(BuildOption.BN_GRAD).equals("fused")) {
      return batchNormTrainingFused(n, gy, need);
    }
    double eps = n.attrFloat("epsilon", 1e-5f);
    boolean training = n.attrInt("training_mode", 0) != 0;
    Shape cs = channelShape(x);
    long[] axes = nonChannelAxes(x.rank());
    Tensor mean = training ? reduceMean(x, true, axes) : reshape(n.input(3), cs);
    Tensor var = training ? reduceMean(mul(sub(x, mean), sub(x, mean)), true, axes) : reshape(n.input(4), cs);
    Tensor invStd = reciprocal(sqrt(add(var, eps)));
    Tensor xhat = mul(sub(x, mean), invStd);
    Tensor sumG = reduceSum(gy, true, axes);
    Tensor sumGX = reduceSum(mul(gy, xhat), true, axes);
    Tensor gammaC = reshape(gamma, cs);
    Tensor dx = null;
    if (need[0]) {
      if (training) {
        // dx = γ·σ⁻¹/M · (M·g − Σg − x̂·Σ(g·x̂)), M = elements per channel.
        double count = (double) x.shape().numel() / x.dim(1);
        Tensor inner = sub(sub(gy, mul(sumG, 1.0 / count)), mul(xhat, mul(sumGX, 1.0 / count)));
        dx = mul(mul(gammaC, invStd), inner);
      } else {
        dx = mul(gy, mul(gammaC, invStd));
      }
    }
    Tensor dGamma = need[1] ? reshape(sumGX, gamma.shape()) : null;
    Tensor dBeta = need[2] ? reshape(sumG, gamma.shape()) : null;
    Tensor dMean = null;
    Tensor dVar = null;
    if (!training && need[3]) {
      dMean = reshape(neg(mul(sumG, mul(gammaC, invStd))), gamma.shape());
    }
    if (!training && need[4]) {
      // ∂y/∂var = −½·γ·(x − μ)·σ⁻³ = −½·γ·x̂·σ⁻².
      dVar = reshape(mul(mul(sumGX, mul(gammaC, mul(invStd, invStd))), -0.5), gamma.shape());
    }
    return new Tensor[] {dx, dGamma, dBeta, dMean, dVar};
  }

  /**
   * Training-mode BatchNormalization with few full-size passes: x − μ is formed once and reused for the
   * variance (two-pass, no E[x²] − μ² cancellation) and for Σg·(x − μ); then
   * dx = A·g + B·(x − μ) + C with per-channel A = γσ⁻¹, B = −γσ⁻³·Σg(x − μ)/M, C = −γσ⁻¹·Σg/M, where
   * B·(x − μ) + C is one inference-mode BatchNormalization (mean 0, var 1, epsilon 0: an exact per-channel
   * affine in one pass) — about 9 passes over the activation instead of ~15.
   */
  private static Tensor[] batchNormTrainingFused(Node n, Tensor gy, boolean[] need) {
    Tensor x = n.input(0);
    Tensor gamma = n.input(1);
    double eps = n.attrFloat("epsilon", 1e-5f);
    Shape cs = channelShape(x);
    double count = (double) x.shape().numel() / x.dim(1);
    Tensor mean = perChannel("ReduceMean", x);
    Tensor xc = sub(x, mean);
    Tensor var = mul(perChannel("ReduceSumSquare", xc), 1.0 / count);
    Tensor invStd = reciprocal(sqrt(add(var, eps)));
    Tensor sumG = perChannel("ReduceSum", gy);
    Tensor sumGXc = perChannel("ReduceSum", mul(gy, xc));
    Tensor dx = null;
    if (need[0]) {
      Tensor gammaC = reshape(gamma, cs);
      Tensor a = mul(gammaC, invStd);
      Tensor b = mul(neg(mul(a, mul(invStd, invStd))), mul(sumGXc, 1.0 / count));
      Tensor c = mul(neg(a), mul(sumG, 1.0 / count));
      Tensor zeros = x.graph().constant(TensorData.filled(x.dtype(), gamma.shape(), 0.0));
      Tensor ones = x.graph().constant(TensorData.filled(x.dtype(), gamma.shape(), 1.0));
      Tensor affine = Nn.batchNormInference(xc, reshape(b, gamma.shape()), reshape(c, gamma.shape()), zeros, ones, 0.0);
      dx = add(mul(gy, a), affine);
    }
    Tensor dGamma = need[1] ? reshape(mul(sumGXc, invStd), gamma.shape()) : null;
    Tensor dBeta = need[2] ? reshape(sumG, gamma.shape()) : null;
    return new Tensor[] {dx, dGamma, dBeta, null, null};
  }

  /**
   * {@code op} over every axis but the channel axis 1, keeping dims: first over the spatial axes, then
   * over the batch axis (ReduceSum for the second step of ReduceSumSquare). ORT 1.29 reduces axes
   * (0, 2, 3) of an NCHW map 2–4× slower than (2, 3) followed by 0 (docs/performance.md).
   */
  private static Tensor perChannel(String op, Tensor x) {
    if (x.rank() >= 3) {
      long[] spatial = new long[x.rank() - 2];
      for (int i = 0; i < spatial.length; i++) {
        spatial[i] = i + 2;
      }
      x = switch (op) {
        case "ReduceMean" -> reduceMean(x, true, spatial);
        case "ReduceSumSquare" -> reduceSumSquare(x, true, spatial);
        default -> reduceSum(x, true, spatial);
      };
      op = op.equals("ReduceSumSquare") ? "ReduceSum" : op; // the squares are summed already
    }
    return switch (op) {
      case "ReduceMean" -> reduceMean(x, true, 0);
      case "ReduceSumSquare" -> reduceSumSquare(x, true, 0);
      default -> reduceSum(x, true, 0);
    };
  }

  private static Tensor[] layerNorm_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    Tensor gamma = n.input(1);
    Tensor gy = g[0];
    int a = x.shape().axis("LayerNormalization", n.attrInt("axis", -1));
    double eps = n.attrFloat("epsilon", 1e-5f);
    long[] normAxes = new long[x.rank() - a];
    for (int i = a; i < x.rank(); i++) {
      normAxes[i - a] = i;
    }
    long[] leadAxes = new long[a];
    for (int i = 0; i < a; i++) {
      leadAxes[i] = i;
    }
    Tensor mean = reduceMean(x, true, normAxes);
    Tensor centered = sub(x, mean);
    Tensor invStd = reciprocal(sqrt(add(reduceMean(mul(centered, centered), true, normAxes), eps)));
    Tensor xhat = mul(centered, invStd);
    Tensor dx = null;
    if (need[0]) {
      // dx = σ⁻¹·(g·γ − mean(g·γ) − x̂·mean(g·γ·x̂)) over the normalized axes.
      Tensor gg = mul(gy, gamma);
      Tensor inner = sub(sub(gg, reduceMean(gg, true, normAxes)), mul(xhat, reduceMean(mul(gg, xhat), true, normAxes)));
      dx = mul(invStd, inner);
    }
    Tensor dGamma = null;
    Tensor dBeta = null;
    if (need[1]) {
      Tensor p = mul(gy, xhat);
      dGamma = a == 0 ? p : reduceSum(p, false, leadAxes);
    }
    if (n.input(2) != null && need[2]) {
      dBeta = a == 0 ? gy : reduceSum(gy, false, leadAxes);
    }
    return new Tensor[] {dx, dGamma, dBeta};
  }
}
