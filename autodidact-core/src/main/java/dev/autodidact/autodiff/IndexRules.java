package dev.autodidact.autodiff;

import static dev.autodidact.onnx.Index.gatherElements;
import static dev.autodidact.onnx.Index.gatherND;
import static dev.autodidact.onnx.Index.scatterElements;
import static dev.autodidact.onnx.Index.scatterND;
import static dev.autodidact.onnx.ShapeOps.transpose;
import static dev.autodidact.onnx.ShapeOps.unsqueeze;
import static dev.autodidact.onnx.ShapeOps.zerosLike;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import java.util.Map;

/** Gradients of gathers (scatter-add back) and scatters (gather back). */
final class IndexRules {
  private IndexRules() {}

  static void register(Map<String, GradientRule> m) {
    m.put("Gather", IndexRules::gather_);
    m.put("GatherElements", (n, g, need) -> {
      Tensor data = n.input(0);
      Tensor zeros = ShapeOps.filled(data.graph(), data.dtype(), data.shape(), 0);
      return new Tensor[] {scatterElements(zeros, n.input(1), g[0], n.attrInt("axis", 0), "add"), null};
    });
    m.put("GatherND", (n, g, need) -> {
      Tensor data = n.input(0);
      Tensor zeros = ShapeOps.filled(data.graph(), data.dtype(), data.shape(), 0);
      return new Tensor[] {scatterND(zeros, n.input(1), g[0], "add"), null};
    });
    m.put("ScatterND", (n, g, need) -> {
      boolean add = n.attrString("reduction", "none").equals("add");
      Tensor idx = n.input(1);
      Tensor dData = !need[0] ? null : add ? g[0] : scatterND(g[0], idx, zerosLike(n.input(2)), "none");
      Tensor dUpd = need[2] ? gatherND(g[0], idx) : null;
      return new Tensor[] {dData, null, dUpd};
    });
    m.put("ScatterElements", (n, g, need) -> {
      boolean add = n.attrString("reduction", "none").equals("add");
      long axis = n.attrInt("axis", 0);
      Tensor idx = n.input(1);
      Tensor dData = !need[0] ? null : add ? g[0]
          : scatterElements(g[0], idx, zerosLike(n.input(2)), axis, "none");
      Tensor dUpd = need[2] ? gatherElements(g[0], idx, axis) : null;
      return new Tensor[] {dData, null, dUpd};
    });
  }

  // y = gather(x, idx, axis a), y: [pre, idx..., post]. Move the index axes to the front, scatter-add
  // rows into zeros [D_a, pre, post], then move axis 0 back to a.
  private static Tensor[] gather_(Node n, Tensor[] g, boolean[] need) {
    Tensor data = n.input(0);
    Tensor idx = n.input(1);
    int a = (int) n.attrInt("axis", 0);
    int ir = idx.rank();
    int r = g[0].rank();
    long[] perm = new long[r];
    int k = 0;
    for (int i = a; i < a + ir; i++) {
      perm[k++] = i;
    }
    for (int i = 0; i < a; i++) {
      perm[k++] = i;
    }
    for (int i = a + ir; i < r; i++) {
      perm[k++] = i;
    }
    Tensor gt = isIdentity(perm) ? g[0] : transpose(g[0], perm);
    long[] zdims = new long[data.rank()];
    zdims[0] = data.dim(a);
    k = 1;
    for (int i = 0; i < data.rank(); i++) {
      if (i != a) {
        zdims[k++] = data.dim(i);
      }
    }
    Tensor zeros = ShapeOps.filled(data.graph(), data.dtype(), Shape.of(zdims), 0);
    Tensor idx64 = idx.dtype() == DType.INT64 ? idx : Elementwise.cast(idx, DType.INT64);
    Tensor s = scatterND(zeros, unsqueeze(idx64, -1), gt, "add");
    if (a != 0) {
      long[] back = new long[data.rank()];
      k = 0;
      for (int i = 1; i <= a; i++) {
        back[k++] = i;
      }
      back[k++] = 0;
      for (int i = a + 1; i < data.rank(); i++) {
        back[k++] = i;
      }
      s = transpose(s, back);
    }
    return new Tensor[] {s, null};
  }

  private static boolean isIdentity(long[] perm) {
    for (int i = 0; i < perm.length; i++) {
      if (perm[i] != i) {
        return false;
      }
    }
    return true;
  }
}
