package dev.autodidact.onnx;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Matrix products. */
public final class Linalg {
  private Linalg() {}

  /** Batched matrix product with numpy broadcasting over leading axes; both operands rank ≥ 2. */
  public static Tensor matMul(Tensor a, Tensor b) {
    Checks.sameType("MatMul", a, b);
    if (a.rank() < 2 || b.rank() < 2) {
      throw Checks.fail("MatMul", "operands must have rank >= 2, got " + a.shape() + " x " + b.shape());
    }
    if (a.dim(-1) != b.dim(-2)) {
      throw Checks.fail("MatMul", "inner dims differ, " + a.shape() + " x " + b.shape());
    }
    Shape batchA = Shape.of(Arrays.copyOf(a.shape().dims(), a.rank() - 2));
    Shape batchB = Shape.of(Arrays.copyOf(b.shape().dims(), b.rank() - 2));
    long[] batch = Checks.broadcast("MatMul", batchA, batchB).dims();
    long[] out = Arrays.copyOf(batch, batch.length + 2);
    out[batch.length] = a.dim(-2);
    out[batch.length + 1] = b.dim(-1);
    return a.graph().op("MatMul", List.of(a, b), Map.of(), a.dtype(), Shape.of(out));
  }

  /**
   * {@code alpha·op(A)·op(B) + beta·C} for 2-D A and B, where op transposes when asked; C (may be null)
   * broadcasts to [M, N]. A Linear layer is {@code gemm(x, W, b, 1, 1, false, true)} with PyTorch's [out, in] W.
   */
  public static Tensor gemm(Tensor a, Tensor b, Tensor c, double alpha, double beta, boolean transA, boolean transB) {
    Checks.sameType("Gemm", a, b);
    Checks.rank("Gemm", a, 2);
    Checks.rank("Gemm", b, 2);
    long m = transA ? a.dim(1) : a.dim(0);
    long ka = transA ? a.dim(0) : a.dim(1);
    long kb = transB ? b.dim(1) : b.dim(0);
    long n = transB ? b.dim(0) : b.dim(1);
    if (ka != kb) {
      throw Checks.fail("Gemm", "inner dims differ, " + a.shape() + (transA ? "ᵀ" : "") + " x " + b.shape()
          + (transB ? "ᵀ" : ""));
    }
    Shape out = Shape.of(m, n);
    if (c != null) {
      Checks.sameType("Gemm", a, c);
      if (!Checks.broadcast("Gemm", c.shape(), out).equals(out)) {
        throw Checks.fail("Gemm", "C " + c.shape() + " does not broadcast to " + out);
      }
    }
    Map<String, Attribute> attrs = new HashMap<>();
    attrs.put("alpha", new Attribute.Float((float) alpha));
    attrs.put("beta", new Attribute.Float((float) beta));
    attrs.put("transA", new Attribute.Int(transA ? 1 : 0));
    attrs.put("transB", new Attribute.Int(transB ? 1 : 0));
    return a.graph().op("Gemm", Arrays.asList(a, b, c), attrs, a.dtype(), out);
  }
}
