package dev.autodidact.onnx;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Reductions and the softmax family. At opset 17 ReduceSum takes axes as an input, the rest as an attribute. */
public final class Reduce {
  private Reduce() {}

  /** Output shape of reducing {@code axes} (all axes when empty). */
  static Shape reducedShape(Shape s, long[] axes, boolean keepDims) {
    boolean[] red = new boolean[s.rank()];
    if (axes.length == 0) {
      java.util.Arrays.fill(red, true);
    }
    for (long a : axes) {
      red[(int) a] = true;
    }
    long[] out = new long[s.rank()];
    int k = 0;
    for (int i = 0; i < s.rank(); i++) {
      if (!red[i]) {
        out[k++] = s.dim(i);
      } else if (keepDims) {
        out[k++] = 1;
      }
    }
    return Shape.of(java.util.Arrays.copyOf(out, k));
  }

  private static Tensor attrReduce(String op, Tensor x, boolean keepDims, long... axes) {
    long[] ax = Checks.axes(op, x.shape(), axes);
    Map<String, Attribute> attrs = new HashMap<>();
    attrs.put("keepdims", new Attribute.Int(keepDims ? 1 : 0));
    if (ax.length > 0) {
      attrs.put("axes", new Attribute.Ints(ax));
    }
    return x.graph().op(op, List.of(x), attrs, x.dtype(), reducedShape(x.shape(), ax, keepDims));
  }

  /** Sum over {@code axes} (all when none given). */
  public static Tensor reduceSum(Tensor x, boolean keepDims, long... axes) {
    long[] ax = Checks.axes("ReduceSum", x.shape(), axes);
    Graph g = x.graph();
    List<Tensor> in = ax.length == 0 ? List.of(x) : List.of(x, g.longs(ax));
    return g.op("ReduceSum", in, Map.of("keepdims", new Attribute.Int(keepDims ? 1 : 0)), x.dtype(),
        reducedShape(x.shape(), ax, keepDims));
  }

  public static Tensor reduceMean(Tensor x, boolean keepDims, long... axes) {
    return attrReduce("ReduceMean", x, keepDims, axes);
  }

  public static Tensor reduceMax(Tensor x, boolean keepDims, long... axes) {
    return attrReduce("ReduceMax", x, keepDims, axes);
  }

  public static Tensor reduceSumSquare(Tensor x, boolean keepDims, long... axes) {
    return attrReduce("ReduceSumSquare", x, keepDims, axes);
  }

  /** Softmax along one axis (opset 13 semantics: a single axis). */
  public static Tensor softmax(Tensor x, long axis) {
    Checks.floating("Softmax", x);
    int a = x.shape().axis("Softmax", axis);
    return x.graph().op("Softmax", List.of(x), Map.of("axis", new Attribute.Int(a)), x.dtype(), x.shape());
  }

  /** Log-softmax along one axis: the stable form for cross-entropy. */
  public static Tensor logSoftmax(Tensor x, long axis) {
    Checks.floating("LogSoftmax", x);
    int a = x.shape().axis("LogSoftmax", axis);
    return x.graph().op("LogSoftmax", List.of(x), Map.of("axis", new Attribute.Int(a)), x.dtype(), x.shape());
  }
}
