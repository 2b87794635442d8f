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

  /**
   * Sum over the first {@code lead} axes: x [d0, …, d(lead−1), …rest] → [rest…]. A bias or norm-weight
   * gradient. With static dims this is a MatMul of a row of ones with x viewed as [R, C] — ORT 1.29's
   * ReduceSum over leading axes took 2–2.7× as long on the [256·17, 768] and [256·65, 512] gradients of a
   * ViT step (docs/performance.md). Graph option {@code sum.lead=reducesum} keeps the ReduceSum.
   */
  public static Tensor sumLeading(Tensor x, int lead) {
    if (lead < 1 || lead >= x.rank()) {
      throw Checks.fail("ReduceSum", "cannot sum the first " + lead + " axes of " + x.shape());
    }
    long[] axes = new long[lead];
    for (int i = 0; i < lead; i++) {
      axes[i] = i;
    }
    boolean matmul = x.graph().option(BuildOption.SUM_LEAD).equals("matmul");
    if (!x.dtype().isFloating() || !matmul || !x.shape().isStatic()) {
      return reduceSum(x, false, axes);
    }
    long r = 1;
    for (int i = 0; i < lead; i++) {
      r *= x.dim(i);
    }
    long[] rest = java.util.Arrays.copyOfRange(x.shape().dims(), lead, x.rank());
    long c = Shape.of(rest).numel();
    Tensor ones = ShapeOps.filled(x.graph(), x.dtype(), Shape.of(1, r), 1.0); // ConstantOfShape: no weights in the file
    return ShapeOps.reshape(Linalg.matMul(ones, ShapeOps.reshape(x, r, c)), Shape.of(rest));
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
