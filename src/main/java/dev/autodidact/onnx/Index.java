package dev.autodidact.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Gather and scatter ops. Indices are int64. */
public final class Index {
  private Index() {}

  /** Gathers slices of {@code data} along {@code axis} at {@code indices}. */
  public static Tensor gather(Tensor data, Tensor indices, long axis) {
    Checks.type("Gather", indices, DType.INT64, DType.INT32);
    int a = data.shape().axis("Gather", axis);
    long[] out = new long[data.rank() - 1 + indices.rank()];
    int k = 0;
    for (int i = 0; i < a; i++) {
      out[k++] = data.dim(i);
    }
    for (long d : indices.shape().dims()) {
      out[k++] = d;
    }
    for (int i = a + 1; i < data.rank(); i++) {
      out[k++] = data.dim(i);
    }
    return data.graph().op("Gather", List.of(data, indices), Map.of("axis", new Attribute.Int(a)), data.dtype(),
        Shape.of(out));
  }

  /** Picks elements along {@code axis}: output has the indices' shape. */
  public static Tensor gatherElements(Tensor data, Tensor indices, long axis) {
    Checks.type("GatherElements", indices, DType.INT64, DType.INT32);
    int a = data.shape().axis("GatherElements", axis);
    if (indices.rank() != data.rank()) {
      throw Checks.fail("GatherElements", "indices " + indices.shape() + " and data " + data.shape() + " ranks differ");
    }
    for (int i = 0; i < data.rank(); i++) {
      if (i != a && indices.dim(i) > data.dim(i)) {
        throw Checks.fail("GatherElements", "indices " + indices.shape() + " exceed data " + data.shape() + " off axis");
      }
    }
    return data.graph().op("GatherElements", List.of(data, indices), Map.of("axis", new Attribute.Int(a)),
        data.dtype(), indices.shape());
  }

  /** Gathers slices addressed by the last axis of {@code indices} (batch_dims 0). */
  public static Tensor gatherND(Tensor data, Tensor indices) {
    Checks.type("GatherND", indices, DType.INT64);
    long k = indices.dim(-1);
    if (k > data.rank()) {
      throw Checks.fail("GatherND", "index depth " + k + " exceeds data rank of " + data.shape());
    }
    List<Long> out = new ArrayList<>();
    for (int i = 0; i < indices.rank() - 1; i++) {
      out.add(indices.dim(i));
    }
    for (int i = (int) k; i < data.rank(); i++) {
      out.add(data.dim(i));
    }
    return data.graph().op("GatherND", List.of(data, indices), Map.of(), data.dtype(),
        Shape.of(out.stream().mapToLong(Long::longValue).toArray()));
  }

  /** Writes (or with {@code reduction="add"} accumulates) {@code updates} into a copy of {@code data}. */
  public static Tensor scatterND(Tensor data, Tensor indices, Tensor updates, String reduction) {
    Checks.type("ScatterND", indices, DType.INT64);
    Checks.sameType("ScatterND", data, updates);
    long k = indices.dim(-1);
    int expectRank = indices.rank() - 1 + data.rank() - (int) k;
    if (updates.rank() != expectRank) {
      throw Checks.fail("ScatterND", "updates " + updates.shape() + " do not fit indices " + indices.shape()
          + " into data " + data.shape());
    }
    return data.graph().op("ScatterND", List.of(data, indices, updates), reductionAttr(reduction), data.dtype(),
        data.shape());
  }

  /** Elementwise scatter along {@code axis}; {@code reduction} is "none" or "add". */
  public static Tensor scatterElements(Tensor data, Tensor indices, Tensor updates, long axis, String reduction) {
    Checks.type("ScatterElements", indices, DType.INT64, DType.INT32);
    Checks.sameType("ScatterElements", data, updates);
    if (!indices.shape().equals(updates.shape()) || indices.rank() != data.rank()) {
      throw Checks.fail("ScatterElements", "indices " + indices.shape() + ", updates " + updates.shape()
          + " and data " + data.shape() + " do not match");
    }
    int a = data.shape().axis("ScatterElements", axis);
    Map<String, Attribute> attrs = new HashMap<>(reductionAttr(reduction));
    attrs.put("axis", new Attribute.Int(a));
    return data.graph().op("ScatterElements", List.of(data, indices, updates), attrs, data.dtype(), data.shape());
  }

  private static Map<String, Attribute> reductionAttr(String reduction) {
    if (!reduction.equals("none") && !reduction.equals("add")) {
      throw new IllegalArgumentException("scatter reduction must be none or add, got " + reduction);
    }
    return reduction.equals("none") ? Map.of() : Map.of("reduction", new Attribute.Str(reduction));
  }
}
