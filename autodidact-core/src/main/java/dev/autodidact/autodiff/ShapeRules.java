package dev.autodidact.autodiff;

import static dev.autodidact.autodiff.Gradients.sumToShape;
import static dev.autodidact.onnx.ShapeOps.concat;
import static dev.autodidact.onnx.ShapeOps.expand;
import static dev.autodidact.onnx.ShapeOps.pad;
import static dev.autodidact.onnx.ShapeOps.reshape;
import static dev.autodidact.onnx.ShapeOps.slice;
import static dev.autodidact.onnx.ShapeOps.split;
import static dev.autodidact.onnx.ShapeOps.transpose;
import static dev.autodidact.onnx.ShapeOps.zerosLike;

import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Gradients of ops that only move data: the backward pass moves the gradient back. */
final class ShapeRules {
  private ShapeRules() {}

  static void register(Map<String, GradientRule> m) {
    GradientRule reshapeBack = (n, g, need) -> {
      Tensor[] r = new Tensor[n.inputs().size()];
      r[0] = reshape(g[0], n.input(0).shape());
      return r;
    };
    m.put("Reshape", reshapeBack);
    m.put("Flatten", reshapeBack);
    m.put("Squeeze", reshapeBack);
    m.put("Unsqueeze", reshapeBack);
    m.put("Expand", (n, g, need) -> new Tensor[] {sumToShape(g[0], n.input(0).shape()), null});
    m.put("Transpose", (n, g, need) -> {
      long[] perm = n.attrInts("perm");
      long[] inv = new long[perm.length];
      for (int i = 0; i < perm.length; i++) {
        inv[(int) perm[i]] = i;
      }
      return new Tensor[] {transpose(g[0], inv)};
    });
    m.put("Concat", (n, g, need) -> {
      int axis = (int) n.attrInt("axis", 0);
      long[] sizes = n.inputs().stream().mapToLong(t -> t.dim(axis)).toArray();
      List<Tensor> parts = split(g[0], axis, sizes);
      Tensor[] r = new Tensor[sizes.length];
      for (int i = 0; i < r.length; i++) {
        r[i] = need[i] ? parts.get(i) : null;
      }
      return r;
    });
    m.put("Split", (n, g, need) -> {
      int axis = (int) n.attrInt("axis", 0);
      List<Tensor> parts = new ArrayList<>();
      for (int j = 0; j < g.length; j++) {
        parts.add(g[j] != null ? g[j] : zerosLike(n.output(j)));
      }
      return new Tensor[] {concat(axis, parts), null};
    });
    m.put("Slice", ShapeRules::slice_);
    m.put("Pad", (n, g, need) -> {
      Tensor x = n.input(0);
      long[] pads = Consts.longs(n.input(1), "Pad pads");
      int r = x.rank();
      long[] starts = new long[r];
      long[] ends = new long[r];
      long[] axes = new long[r];
      long[] steps = new long[r];
      for (int i = 0; i < r; i++) {
        starts[i] = pads[i];
        ends[i] = pads[i] + x.dim(i);
        axes[i] = i;
        steps[i] = 1;
      }
      return new Tensor[] {slice(g[0], starts, ends, axes, steps), null, null};
    });
  }

  // Undo the slice one axis at a time: zero-pad for step 1, scatter for other steps.
  private static Tensor[] slice_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    long[] starts = Consts.longs(n.input(1), "Slice starts");
    long[] ends = Consts.longs(n.input(2), "Slice ends");
    long[] axes = n.input(3) == null ? defaultAxes(starts.length) : Consts.longs(n.input(3), "Slice axes");
    long[] steps = n.input(4) == null ? ones(starts.length) : Consts.longs(n.input(4), "Slice steps");
    Tensor cur = g[0];
    for (int i = 0; i < axes.length; i++) {
      int a = x.shape().axis("Slice", axes[i]);
      long dim = x.dim(a);
      long len = cur.dim(a);
      long step = steps[i];
      long first = firstIndex(dim, starts[i], step);
      if (step == 1) {
        long[] pads = new long[2 * cur.rank()];
        pads[a] = first;
        pads[a + cur.rank()] = dim - first - len;
        cur = pad(cur, pads, 0);
      } else {
        long[] idx = new long[(int) len];
        for (int k = 0; k < len; k++) {
          idx[k] = first + k * step;
        }
        long[] bshape = new long[cur.rank()];
        java.util.Arrays.fill(bshape, 1);
        bshape[a] = len;
        Tensor index = expand(cur.graph().constant(TensorData.longs(Shape.of(bshape), idx)), cur.shape());
        Tensor zeros = ShapeOps.filled(cur.graph(), cur.dtype(), cur.shape().with(a, dim), 0);
        cur = Index.scatterElements(zeros, index, cur, a, "none");
      }
    }
    return new Tensor[] {cur, null, null, null, null};
  }

  /** The first index an ONNX Slice reads along an axis (after clamping). */
  private static long firstIndex(long dim, long start, long step) {
    long s = start < 0 ? start + dim : start;
    return step > 0 ? Math.max(0, Math.min(s, dim)) : Math.max(-1, Math.min(s, dim - 1));
  }

  private static long[] defaultAxes(int n) {
    long[] r = new long[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  private static long[] ones(int n) {
    long[] r = new long[n];
    java.util.Arrays.fill(r, 1);
    return r;
  }
}
