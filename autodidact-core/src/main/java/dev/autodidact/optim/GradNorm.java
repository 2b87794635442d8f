package dev.autodidact.optim;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.clip;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;
import static dev.autodidact.onnx.ShapeOps.concat;
import static dev.autodidact.onnx.ShapeOps.reshape;

import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.List;

/** The global gradient L2 norm and PyTorch's {@code clip_grad_norm_} built on it. */
public final class GradNorm {
  private GradNorm() {}

  /** sqrt(Σ over all tensors of Σ g²): one scalar. */
  public static Tensor global(List<Tensor> grads) {
    if (grads.size() == 1) {
      return sqrt(reduceSumSquare(reshape(grads.get(0), -1), false));
    }
    List<Tensor> parts = new ArrayList<>();
    for (Tensor g : grads) {
      parts.add(reduceSumSquare(reshape(g, -1), true));
    }
    return sqrt(reduceSum(concat(0, parts), false));
  }

  /**
   * The factor {@code min(1, maxNorm / (norm + 1e-6))} of {@code torch.nn.utils.clip_grad_norm_}
   * (which multiplies even when the factor is 1, so we do too: multiplying by 1 is exact).
   */
  public static Tensor clipScale(Tensor norm, double maxNorm) {
    Tensor coef = div(norm.graph().scalar(maxNorm, norm.dtype()), add(norm, 1e-6));
    return clip(coef, null, 1.0);
  }

  /** The gradients scaled by {@code scale}, or unchanged when it is null. */
  static List<Tensor> scaled(List<Tensor> grads, Tensor scale) {
    if (scale == null) {
      return grads;
    }
    List<Tensor> r = new ArrayList<>();
    for (Tensor g : grads) {
      r.add(mul(g, scale));
    }
    return r;
  }
}
