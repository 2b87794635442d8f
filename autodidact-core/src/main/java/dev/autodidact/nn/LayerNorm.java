package dev.autodidact.nn;

import dev.autodidact.onnx.BuildOption;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;

/** LayerNorm over the last axis. Parameters {@code <name>.weight} (γ = 1) and {@code <name>.bias} (β = 0). */
public final class LayerNorm {
  private LayerNorm() {}

  /** x: [..., D] → same shape. */
  public static Tensor apply(ModelBuilder mb, String name, Tensor x, double eps) {
    Shape d = Shape.of(x.dim(-1));
    try (var s = mb.scope(name)) {
      Tensor gamma = mb.param("weight", d, Role.NORM_WEIGHT, Init.ones());
      Tensor beta = mb.param("bias", d, Role.NORM_BIAS, Init.zeros());
      // "decomposed" (default): faster on ORT CPU and its backward reuses x̂; "op": the ONNX
      // LayerNormalization node with the generic gradient rule.
      return mb.graph().option(BuildOption.LN_FORWARD).equals("op") ? Nn.layerNorm(x, gamma, beta, -1, eps)
          : Nn.layerNormDecomposed(x, gamma, beta, eps);
    }
  }
}
