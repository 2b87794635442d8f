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
   * a·bᵀ over the last two axes: a [..., M, K], b [..., N, K] (same batch axes) → [..., M, N]; attention's
   * q·kᵀ. Emitted as MatMul(a, Transpose(b)), which ORT fuses into one FusedMatMul with transB. The
   * backward is declared by hand so that it, too, is transposes ORT folds into its products
   * (da = g·b, db = gᵀ·a); the generic rules would compute d(bᵀ) and transpose that result — a Transpose
   * that moves the innermost axis, element by element (2.6–3.8 ms per attention tensor of an MAE step).
   */
  public static Tensor matMulTransB(Tensor a, Tensor b) {
    if (a.rank() != b.rank() || a.rank() < 2 || a.dim(-1) != b.dim(-1)
        || !Arrays.equals(Arrays.copyOf(a.shape().dims(), a.rank() - 2), Arrays.copyOf(b.shape().dims(), b.rank() - 2))) {
      throw Checks.fail("MatMulTransB", "needs a [..., M, K] and b [..., N, K] with the same batch axes, got "
          + a.shape() + " and " + b.shape());
    }
    Tensor y = matMul(a, ShapeOps.swapLast(b));
    a.graph().defineComposite(y, new Graph.Composite("MatMulTransB", List.of(a, b), List.of()));
    return y;
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
