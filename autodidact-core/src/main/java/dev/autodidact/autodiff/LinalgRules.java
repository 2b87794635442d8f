package dev.autodidact.autodiff;

import dev.autodidact.onnx.BuildOption;
import static dev.autodidact.autodiff.Gradients.sumToShape;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Linalg.gemm;
import static dev.autodidact.onnx.Linalg.matMul;
import static dev.autodidact.onnx.ShapeOps.reshape;

import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import java.util.Map;

/** Gradients of MatMul and Gemm. */
final class LinalgRules {
  private LinalgRules() {}

  static void register(Map<String, GradientRule> m) {
    // Y = A·B (batched): dA = G·Bᵀ, dB = Aᵀ·G, each summed over broadcast batch axes.
    // A shared 2-D B (a Linear layer over [.., K] rows) gets dB = rows(A)ᵀ·rows(G) as one Gemm instead of a
    // batched product and a ReduceSum over the batch axes (that pair was ~70% of a ViT block's backward).
    m.put("MatMul", (n, g, need) -> {
      Tensor a = n.input(0);
      Tensor b = n.input(1);
      Tensor db = null;
      if (need[1]) {
        if (b.rank() == 2 && a.rank() > 2 && b.graph().option(BuildOption.MATMUL_WGRAD).equals("gemm")) {
          Tensor rowsA = reshape(a, -1, a.dim(-1));
          Tensor rowsG = reshape(g[0], -1, g[0].dim(-1));
          db = gemm(rowsA, rowsG, null, 1, 0, true, false);
        } else {
          db = sumToShape(matMul(ShapeOps.swapLast(a), g[0]), b.shape());
        }
      }
      return new Tensor[] {need[0] ? sumToShape(matMul(g[0], ShapeOps.swapLast(b)), a.shape()) : null, db};
    });
    m.put("Gemm", LinalgRules::gemm_);
  }

  // Y = α·op(A)·op(B) + β·C. Each case is again one Gemm with the transposes folded into its flags.
  private static Tensor[] gemm_(Node n, Tensor[] g, boolean[] need) {
    Tensor a = n.input(0);
    Tensor b = n.input(1);
    Tensor c = n.input(2);
    double alpha = n.attrFloat("alpha", 1f);
    double beta = n.attrFloat("beta", 1f);
    boolean ta = n.attrInt("transA", 0) != 0;
    boolean tb = n.attrInt("transB", 0) != 0;
    Tensor da = null;
    Tensor db = null;
    Tensor dc = null;
    if (need[0]) {
      da = ta ? gemm(b, g[0], null, alpha, 0, tb, true) : gemm(g[0], b, null, alpha, 0, false, !tb);
    }
    if (need[1]) {
      db = tb ? gemm(g[0], a, null, alpha, 0, true, ta) : gemm(a, g[0], null, alpha, 0, !ta, false);
    }
    if (c != null && need[2]) {
      Tensor gc = beta == 1.0 ? g[0] : mul(g[0], beta);
      dc = sumToShape(gc, c.shape());
    }
    return new Tensor[] {da, db, dc};
  }
}
