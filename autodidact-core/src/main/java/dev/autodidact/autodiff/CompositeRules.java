package dev.autodidact.autodiff;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.erf;
import static dev.autodidact.onnx.Elementwise.exp;
import static dev.autodidact.onnx.Elementwise.mul;

import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.Map;

/**
 * The hand-written backwards of the composite ops the {@code onnx} builder emits
 * ({@link Graph#defineComposite}): why each composite exists is said where its forward is built; here
 * is only its gradient. Each is finite-difference checked in {@code selfcheck.OpCases}.
 */
final class CompositeRules {
  private CompositeRules() {}

  static void register(Map<String, CompositeRule> m) {
    m.put("Gelu", CompositeRules::gelu);
    m.put("MatMulTransB", CompositeRules::matMulTransB);
    m.put("LayerNorm", CompositeRules::layerNorm);
    m.put("PermuteRows", CompositeRules::permuteRows);
    m.put("KeepRows", CompositeRules::keepRows);
    m.put("SwapAxes12", (c, gy, need) -> new Tensor[] {Index.swapAxes12(gy)});
    ConvGemmRules.register(m);
  }

  /** gelu'(x) = Φ(x) + x·φ(x), reading only x so nothing blocks ORT's Gelu fusion of the forward. */
  private static Tensor[] gelu(Graph.Composite c, Tensor gy, boolean[] need) {
    Tensor x = c.inputs().get(0);
    // Φ(x) with Mul by 1/√2, not Div by √2: a Div here would be merged with the forward's by ORT's
    // common-subexpression pass, and that second consumer blocks the Gelu fusion.
    Tensor cdf = mul(add(erf(mul(x, 1.0 / Math.sqrt(2.0))), 1.0), 0.5);
    Tensor pdf = mul(exp(mul(mul(x, x), -0.5)), 1.0 / Math.sqrt(2.0 * Math.PI)); // φ(x)
    return new Tensor[] {mul(gy, add(cdf, mul(x, pdf)))};
  }

  /** y = a·bᵀ: da = g·b, db = gᵀ·a, as transposes ORT folds into its products. */
  private static Tensor[] matMulTransB(Graph.Composite c, Tensor g, boolean[] need) {
    Tensor a = c.inputs().get(0);
    Tensor b = c.inputs().get(1);
    return new Tensor[] {need[0] ? Linalg.matMul(g, b) : null, need[1] ? Linalg.matMul(ShapeOps.swapLast(g), a) : null};
  }

  /** LayerNorm over the last axis, reusing the forward's x̂ and 1/σ (saved 0 and 1). */
  private static Tensor[] layerNorm(Graph.Composite c, Tensor gy, boolean[] need) {
    Tensor x = c.inputs().get(0);
    Tensor gamma = c.inputs().get(1);
    Tensor xhat = c.saved(0);
    Tensor invStd = c.saved(1);
    Tensor p = Elementwise.mul(gy, xhat);
    Tensor dx = null;
    if (need[0]) {
      // dx = σ⁻¹·(g·γ − mean(g·γ) − x̂·mean(g·γ·x̂)); g·γ·x̂ = p·γ.
      Tensor gg = Elementwise.mul(gy, gamma);
      Tensor m1 = Reduce.reduceMean(gg, true, -1);
      Tensor m2 = Reduce.reduceMean(Elementwise.mul(p, gamma), true, -1);
      dx = Elementwise.mul(Elementwise.sub(Elementwise.sub(gg, Elementwise.mul(xhat, m2)), m1), invStd);
    }
    Tensor dGamma = need[1] ? Reduce.sumLeading(p, x.rank() - 1) : null;
    Tensor dBeta = need[2] ? Reduce.sumLeading(gy, x.rank() - 1) : null;
    return new Tensor[] {dx, dGamma, dBeta};
  }

  /** y[n, i] = x[n, perm[n, i]]: a gather by the inverse permutation (saved 0 = perm). */
  private static Tensor[] permuteRows(Graph.Composite c, Tensor gy, boolean[] need) {
    Tensor perm = c.saved(0);
    Graph g = perm.graph();
    long l = perm.dim(1);
    long[] ar = new long[(int) l];
    for (int i = 0; i < l; i++) {
      ar[i] = i;
    }
    Tensor arange = ShapeOps.expand(g.constant(TensorData.longs(Shape.of(1, l), ar)), perm.shape()); // [N, L]
    // Every position of the data operand is overwritten (perm is a permutation), so perm itself serves.
    Tensor inverse = Index.scatterElements(perm, perm, arange, 1, "none"); // [N, L]
    return new Tensor[] {Index.takeRows(gy, inverse)};
  }

  /** MAE's kept rows (saved: ids_keep, ids_restore): a Pad and a gather by ids_restore. */
  private static Tensor[] keepRows(Graph.Composite c, Tensor gy, boolean[] need) {
    Tensor x = c.inputs().get(0);
    Tensor idsKeep = c.saved(0);
    Tensor idsRestore = c.saved(1);
    Tensor padded = ShapeOps.pad(gy, new long[] {0, 0, 0, 0, x.dim(1) - idsKeep.dim(1), 0}, 0); // [N, L, D]
    return new Tensor[] {Index.takeRows(padded, idsRestore)};
  }
}
