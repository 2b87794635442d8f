package dev.autodidact.nn;

import dev.autodidact.onnx.BuildOption;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Linalg.matMul;
import static dev.autodidact.onnx.Reduce.softmax;
import static dev.autodidact.onnx.ShapeOps.reshape;
import static dev.autodidact.onnx.ShapeOps.split;
import static dev.autodidact.onnx.ShapeOps.squeeze;
import static dev.autodidact.onnx.ShapeOps.transpose;

import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Tensor;
import java.util.List;

/**
 * Multi-head self-attention as in timm/MAE: one {@code qkv} Linear(D, 3D), softmax(q·kᵀ·hd^−½) over keys,
 * {@code proj} Linear(D, D). Reshapes copy the batch axis with 0, so a dynamic batch works.
 */
public final class Attention {
  private Attention() {}

  /** x: [N, T, D] → [N, T, D]. */
  public static Tensor apply(ModelBuilder mb, String name, Tensor x, int heads) {
    long t = x.dim(1);
    long d = x.dim(2);
    if (d % heads != 0) {
      throw new IllegalArgumentException("dim " + d + " not divisible by " + heads + " heads");
    }
    long hd = d / heads;
    try (var s = mb.scope(name)) {
      Tensor qkv = Linear.apply(mb, "qkv", x, 3 * d, Linear.InitStyle.XAVIER); // [N, T, 3D]
      Tensor o = mb.graph().option(BuildOption.ATTN_LAYOUT).equals("transpose") ? coreTranspose(qkv, t, heads, hd)
          : core(qkv, t, heads, hd);
      return Linear.apply(mb, "proj", o, d, Linear.InitStyle.XAVIER);
    }
  }

  // qkv: [N, T, 3D] → o: [N, T, D]. Heads split off by row gathers (Index.swapAxes12) and q·kᵀ as
  // matMulTransB: no Transpose that ORT would merge into one moving the innermost axis (those took
  // 14% of an MAE step, this form ~3%; docs/performance.md).
  private static Tensor core(Tensor qkv, long t, int heads, long hd) {
    Tensor heads3 = Index.swapAxes12(reshape(qkv, 0, t, 3 * heads, hd)); // [N, 3h, T, hd]
    List<Tensor> parts = split(heads3, 1, heads, heads, heads);
    Tensor q = parts.get(0); // [N, h, T, hd]
    Tensor k = parts.get(1);
    Tensor v = parts.get(2);
    Tensor att = softmax(mul(Linalg.matMulTransB(q, k), 1.0 / Math.sqrt(hd)), -1); // [N, h, T, T]
    return reshape(Index.swapAxes12(matMul(att, v)), 0, t, hd * heads); // [N, T, D]
  }

  // The first form (graph option attn.layout=transpose): timm's permutes as Transposes.
  private static Tensor coreTranspose(Tensor qkv, long t, int heads, long hd) {
    Tensor r = transpose(reshape(qkv, 0, t, 3, heads, hd), 2, 0, 3, 1, 4); // [3, N, h, T, hd]
    List<Tensor> parts = split(r, 0, 1, 1, 1);
    Tensor q = squeeze(parts.get(0), 0); // [N, h, T, hd]
    Tensor k = squeeze(parts.get(1), 0);
    Tensor v = squeeze(parts.get(2), 0);
    Tensor att = softmax(mul(matMul(q, transpose(k, 0, 1, 3, 2)), 1.0 / Math.sqrt(hd)), -1); // [N, h, T, T]
    return reshape(transpose(matMul(att, v), 0, 2, 1, 3), 0, t, hd * heads); // [N, T, D]
  }
}
