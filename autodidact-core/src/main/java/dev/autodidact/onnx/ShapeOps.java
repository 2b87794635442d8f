package dev.autodidact.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Ops that move or reshape data without arithmetic. */
public final class ShapeOps {
  private ShapeOps() {}

  /** Permutes axes: output axis {@code i} is input axis {@code perm[i]}. */
  public static Tensor transpose(Tensor x, long... perm) {
    if (perm.length != x.rank()) {
      throw Checks.fail("Transpose", "perm " + Arrays.toString(perm) + " does not match rank of " + x.shape());
    }
    long[] out = new long[perm.length];
    boolean[] seen = new boolean[perm.length];
    for (int i = 0; i < perm.length; i++) {
      int p = x.shape().axis("Transpose", perm[i]);
      if (seen[p]) {
        throw Checks.fail("Transpose", "perm " + Arrays.toString(perm) + " is not a permutation");
      }
      seen[p] = true;
      out[i] = x.dim(p);
    }
    return x.graph().op("Transpose", List.of(x), Map.of("perm", new Attribute.Ints(perm)), x.dtype(), Shape.of(out));
  }

  /**
   * Reshapes with ONNX semantics: {@code 0} copies the input dimension, one {@code -1} is inferred. The
   * target is a constant, so static shapes stay static.
   */
  public static Tensor reshape(Tensor x, long... target) {
    Shape out = reshapeShape(x.shape(), target);
    return x.graph().op("Reshape", List.of(x, x.graph().longs(target)), Map.of(), x.dtype(), out);
  }

  /** Reshapes to a fully known shape. */
  public static Tensor reshape(Tensor x, Shape target) {
    if (x.shape().equals(target)) {
      return x;
    }
    return reshape(x, target.dims());
  }

  static Shape reshapeShape(Shape in, long[] target) {
    long[] out = new long[target.length];
    int infer = -1;
    long known = 1;
    boolean dynamic = false;
    for (int i = 0; i < target.length; i++) {
      long t = target[i];
      if (t == 0) {
        if (i >= in.rank()) {
          throw Checks.fail("Reshape", "0 at position " + i + " but input " + in + " has rank " + in.rank());
        }
        t = in.dim(i);
        if (t == Shape.DYNAMIC) {
          // A copied dynamic dim is not the "infer" marker -1, even though both are stored as -1.
          out[i] = t;
          dynamic = true;
          continue;
        }
      }
      if (t == -1) {
        if (infer >= 0) {
          throw Checks.fail("Reshape", "more than one -1 in " + Arrays.toString(target));
        }
        infer = i;
      } else if (t < 0) {
        throw Checks.fail("Reshape", "bad target " + Arrays.toString(target));
      } else {
        known *= t;
      }
      out[i] = t;
    }
    if (!in.isStatic() || dynamic) {
      return Shape.of(out);
    }
    long total = in.numel();
    if (infer >= 0) {
      if (known == 0 || total % known != 0) {
        throw Checks.fail("Reshape", "cannot reshape " + in + " into " + Arrays.toString(target));
      }
      out[infer] = total / known;
    } else if (known != total) {
      throw Checks.fail("Reshape", "cannot reshape " + in + " (" + total + " elements) into "
          + Arrays.toString(target) + " (" + known + ")");
    }
    return Shape.of(out);
  }

  /** Flattens to 2-D: axes before {@code axis} and from {@code axis} on. */
  public static Tensor flatten(Tensor x, long axis) {
    int a = axis == x.rank() ? x.rank() : x.shape().axis("Flatten", axis);
    long outer = 1;
    long inner = 1;
    for (int i = 0; i < x.rank(); i++) {
      if (i < a) {
        outer = mulDim(outer, x.dim(i));
      } else {
        inner = mulDim(inner, x.dim(i));
      }
    }
    return x.graph().op("Flatten", List.of(x), Map.of("axis", new Attribute.Int(a)), x.dtype(), Shape.of(outer, inner));
  }

  private static long mulDim(long a, long b) {
    return a == Shape.DYNAMIC || b == Shape.DYNAMIC ? Shape.DYNAMIC : a * b;
  }

  /** Removes the given size-1 axes. */
  public static Tensor squeeze(Tensor x, long... axes) {
    long[] ax = Checks.axes("Squeeze", x.shape(), axes);
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < x.rank(); i++) {
      if (Arrays.binarySearch(ax, i) >= 0) {
        if (x.dim(i) != 1) {
          throw Checks.fail("Squeeze", "axis " + i + " of " + x.shape() + " is not 1");
        }
      } else {
        out.add(x.dim(i));
      }
    }
    return x.graph().op("Squeeze", List.of(x, x.graph().longs(ax)), Map.of(), x.dtype(),
        Shape.of(out.stream().mapToLong(Long::longValue).toArray()));
  }

  /** Inserts size-1 axes at the given positions of the output. */
  public static Tensor unsqueeze(Tensor x, long... axes) {
    int r = x.rank() + axes.length;
    long[] norm = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      norm[i] = axes[i] < 0 ? axes[i] + r : axes[i];
      if (norm[i] < 0 || norm[i] >= r) {
        throw Checks.fail("Unsqueeze", "axis " + axes[i] + " out of range for output rank " + r);
      }
    }
    Arrays.sort(norm);
    long[] out = new long[r];
    int k = 0;
    for (int i = 0; i < r; i++) {
      out[i] = Arrays.binarySearch(norm, i) >= 0 ? 1 : x.dim(k++);
    }
    return x.graph().op("Unsqueeze", List.of(x, x.graph().longs(norm)), Map.of(), x.dtype(), Shape.of(out));
  }

  /** Swaps the last two axes (a matrix transpose over leading batch axes). */
  public static Tensor swapLast(Tensor t) {
    long[] perm = new long[t.rank()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[perm.length - 1] = perm.length - 2;
    perm[perm.length - 2] = perm.length - 1;
    return transpose(t, perm);
  }

  /** Broadcasts to {@code shape} (numpy rules). */
  public static Tensor expand(Tensor x, Shape shape) {
    Shape out = Checks.broadcast("Expand", x.shape(), shape);
    if (!out.equals(shape)) {
      throw Checks.fail("Expand", "cannot expand " + x.shape() + " to " + shape);
    }
    return x.graph().op("Expand", List.of(x, x.graph().longs(shape.dims())), Map.of(), x.dtype(), out);
  }

  /** The runtime shape of {@code x} as a 1-D int64 tensor (ONNX Shape): for dynamic-batch graphs. */
  public static Tensor shapeOf(Tensor x) {
    return x.graph().op("Shape", List.of(x), Map.of(), DType.INT64, Shape.of(x.rank()));
  }

  /**
   * Broadcasts to a shape known only at run time ({@code shape}: 1-D int64, e.g. built from
   * {@link #shapeOf}); {@code outShape} is its static description (dynamic dims as {@link Shape#DYNAMIC}).
   */
  public static Tensor expand(Tensor x, Tensor shape, Shape outShape) {
    Checks.type("Expand", shape, DType.INT64);
    if (shape.rank() != 1 || shape.dim(0) != outShape.rank()) {
      throw Checks.fail("Expand", "shape tensor " + shape.shape() + " does not describe " + outShape);
    }
    Checks.broadcast("Expand", x.shape(), outShape);
    return x.graph().op("Expand", List.of(x, shape), Map.of(), x.dtype(), outShape);
  }

  /** Concatenates along {@code axis}. */
  public static Tensor concat(long axis, Tensor... xs) {
    return concat(axis, List.of(xs));
  }

  /** Concatenates along {@code axis}. */
  public static Tensor concat(long axis, List<Tensor> xs) {
    Tensor first = xs.get(0);
    int a = first.shape().axis("Concat", axis);
    long total = 0;
    for (Tensor t : xs) {
      Checks.sameType("Concat", first, t);
      if (t.rank() != first.rank()) {
        throw Checks.fail("Concat", "ranks differ, " + first.shape() + " and " + t.shape());
      }
      for (int i = 0; i < t.rank(); i++) {
        if (i != a && t.dim(i) != first.dim(i)) {
          throw Checks.fail("Concat", "dims differ off axis " + a + ", " + first.shape() + " and " + t.shape());
        }
      }
      total += t.dim(a);
    }
    return first.graph().op("Concat", xs, Map.of("axis", new Attribute.Int(a)), first.dtype(),
        first.shape().with(a, total));
  }

  /** Splits along {@code axis} into pieces of the given sizes. */
  public static List<Tensor> split(Tensor x, long axis, long... sizes) {
    int a = x.shape().axis("Split", axis);
    long sum = Arrays.stream(sizes).sum();
    if (sum != x.dim(a)) {
      throw Checks.fail("Split", "sizes " + Arrays.toString(sizes) + " do not add up to dim " + a + " of " + x.shape());
    }
    List<DType> types = new ArrayList<>();
    List<Shape> shapes = new ArrayList<>();
    for (long s : sizes) {
      types.add(x.dtype());
      shapes.add(x.shape().with(a, s));
    }
    return x.graph().op("Split", List.of(x, x.graph().longs(sizes)), Map.of("axis", new Attribute.Int(a)), types, shapes);
  }

  /** Slices {@code [start, end)} with step along each given axis (ONNX clamping semantics). */
  public static Tensor slice(Tensor x, long[] starts, long[] ends, long[] axes, long[] steps) {
    if (starts.length != ends.length || starts.length != axes.length || steps.length != axes.length) {
      throw Checks.fail("Slice", "starts, ends, axes and steps must have the same length");
    }
    long[] out = x.shape().dims();
    for (int i = 0; i < axes.length; i++) {
      int a = x.shape().axis("Slice", axes[i]);
      out[a] = sliceLength(x.dim(a), starts[i], ends[i], steps[i]);
    }
    Graph g = x.graph();
    return g.op("Slice", List.of(x, g.longs(starts), g.longs(ends), g.longs(axes), g.longs(steps)), Map.of(),
        x.dtype(), Shape.of(out));
  }

  /** Slices {@code [start, end)} along one axis with step 1. */
  public static Tensor slice(Tensor x, long axis, long start, long end) {
    return slice(x, new long[] {start}, new long[] {end}, new long[] {axis}, new long[] {1});
  }

  /** Number of elements an ONNX Slice keeps along a dimension of size {@code dim}. */
  static long sliceLength(long dim, long start, long end, long step) {
    if (step == 0) {
      throw Checks.fail("Slice", "step must not be 0");
    }
    long s = start < 0 ? start + dim : start;
    long e = end < 0 ? end + dim : end;
    if (step > 0) {
      s = Math.max(0, Math.min(s, dim));
      e = Math.max(0, Math.min(e, dim));
      return Math.max(0, (e - s + step - 1) / step);
    }
    s = Math.max(-1, Math.min(s, dim - 1));
    e = Math.max(-1, Math.min(e, dim - 1));
    return Math.max(0, (s - e + (-step) - 1) / (-step));
  }

  /** Constant padding: {@code pads} = [begin_0.., end_0..] as in ONNX. */
  public static Tensor pad(Tensor x, long[] pads, double value) {
    if (pads.length != 2 * x.rank()) {
      throw Checks.fail("Pad", "needs " + 2 * x.rank() + " pads for " + x.shape() + ", got " + pads.length);
    }
    long[] out = x.shape().dims();
    for (int i = 0; i < out.length; i++) {
      out[i] += pads[i] + pads[i + out.length];
      if (out[i] < 0) {
        throw Checks.fail("Pad", "pads " + Arrays.toString(pads) + " make a negative dim of " + x.shape());
      }
    }
    Graph g = x.graph();
    return g.op("Pad", List.of(x, g.longs(pads), g.scalar(value, x.dtype())),
        Map.of("mode", new Attribute.Str("constant")), x.dtype(), Shape.of(out));
  }

  /** A tensor of zeros shaped like {@code like}. */
  public static Tensor zerosLike(Tensor like) {
    return filled(like.graph(), like.dtype(), like.shape(), 0);
  }

  /** A tensor filled with {@code value} via ConstantOfShape, so the model file stays small. */
  public static Tensor filled(Graph g, DType dtype, Shape shape, double value) {
    TensorData v = TensorData.fromDoubles(dtype, Shape.of(1), new double[] {value});
    return g.op("ConstantOfShape", List.of(g.longs(shape.dims())), Map.of("value", new Attribute.Tensor(v)),
        dtype, shape);
  }
}
