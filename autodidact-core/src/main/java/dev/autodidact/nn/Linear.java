package dev.autodidact.nn;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Linalg.gemm;
import static dev.autodidact.onnx.Linalg.matMul;
import static dev.autodidact.onnx.ShapeOps.transpose;

import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;

/**
 * {@code y = x·Wᵀ + b} with PyTorch's [out, in] weight layout, so checkpoints map one to one. Parameters
 * {@code <name>.weight} [out, in] and {@code <name>.bias} [out].
 */
public final class Linear {
  /** Which initialization the layer gets. */
  public enum InitStyle {
    /** MAE / ViT: xavier-uniform weight, zero bias. */
    XAVIER,
    /** PyTorch's nn.Linear default: U(±1/√fan_in) for weight and bias (SimCLR head, classifier). */
    TORCH_DEFAULT
  }

  private Linear() {}

  /** x: [..., in] → [..., out]. Rank 2 is one Gemm; higher ranks a MatMul with Wᵀ plus a broadcast bias. */
  public static Tensor apply(ModelBuilder mb, String name, Tensor x, long out, InitStyle style) {
    long in = x.dim(-1);
    try (var s = mb.scope(name)) {
      Init wInit = style == InitStyle.XAVIER ? new Init.XavierUniform() : Init.torchLinear(in);
      Init bInit = style == InitStyle.XAVIER ? Init.zeros() : Init.torchLinear(in);
      Tensor w = mb.param("weight", Shape.of(out, in), Role.WEIGHT, wInit);
      Tensor b = mb.param("bias", Shape.of(out), Role.BIAS, bInit);
      if (x.rank() == 2) {
        return gemm(x, w, b, 1, 1, false, true);
      }
      // x: [N, T, in] · Wᵀ [in, out] → [N, T, out]; MatMul keeps a dynamic batch axis, a 2-D reshape would not.
      return add(matMul(x, transpose(w, 1, 0)), b);
    }
  }
}
