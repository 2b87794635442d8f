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

  /**
   * Reorders the rows of {@code x} [N, L, D] per sample: {@code y[n, i, :] = x[n, perm[n, i], :]}, where
   * every row of {@code perm} [N, L] (int64) must be a permutation of 0..L−1 (MAE's {@code ids_restore}).
   * The same GatherElements as a general gather, but with a hand-written backward that uses the
   * permutation: the gradient is a gather by the inverse permutation ({@code inv[n, perm[n, i]] = i}, an
   * [N, L] integer scatter), not a scatter of [N, L, D] gradient rows — ORT 1.29's ScatterElements is
   * single-threaded and took ~57 ms of a 2 s MAE step at batch 256, the gather ~2 ms.
   */
  public static Tensor permuteRows(Tensor x, Tensor perm) {
    if (x.rank() != 3 || perm.rank() != 2 || perm.dim(0) != x.dim(0) || perm.dim(1) != x.dim(1)) {
      throw Checks.fail("PermuteRows", "needs x [N, L, D] and perm [N, L], got " + x.shape() + " and " + perm.shape());
    }
    Checks.type("PermuteRows", perm, DType.INT64);
    Graph g = x.graph();
    Tensor y = takeRows(x, perm);
    g.defineComposite(y, new Graph.Composite("PermuteRows", List.of(x), List.of(perm)));
    return y;
  }

  /**
   * MAE's random masking: the rows {@code idsKeep} [N, K] of {@code x} [N, L, D] → [N, K, D], where
   * {@code idsKeep} is the first K entries of a per-sample permutation and {@code idsRestore} [N, L] its
   * inverse. The backward uses that: row j of x went to position {@code idsRestore[n, j]}, so its gradient
   * is the gradient row there when that position is < K and zero otherwise — a Pad and a gather, not
   * ORT's single-threaded ScatterElements of the rows into zeros (~29 ms of an MAE step at batch 256).
   */
  public static Tensor keepRows(Tensor x, Tensor idsKeep, Tensor idsRestore) {
    if (x.rank() != 3 || idsKeep.rank() != 2 || idsRestore.rank() != 2 || idsRestore.dim(1) != x.dim(1)
        || idsKeep.dim(1) > x.dim(1)) {
      throw Checks.fail("KeepRows", "needs x [N, L, D], ids_keep [N, K ≤ L] and ids_restore [N, L], got " + x.shape()
          + ", " + idsKeep.shape() + " and " + idsRestore.shape());
    }
    Checks.type("KeepRows", idsKeep, DType.INT64);
    Checks.type("KeepRows", idsRestore, DType.INT64);
    Tensor y = takeRows(x, idsKeep);
    x.graph().defineComposite(y, new Graph.Composite("KeepRows", List.of(x), List.of(idsKeep, idsRestore)));
    return y;
  }

  /**
   * Swaps axes 1 and 2 of x [N, A, B, R] → [N, B, A, R] — a Transpose(0, 2, 1, 3), as a Gather of R-element
   * rows (index [B, A] of constants, batch-independent) with the same swap as its declared backward. Why
   * not Transpose: ORT's transpose optimizer merges a Transpose with the next one (attention's kᵀ), and
   * the merged permutation moves the innermost axis, which ORT 1.29 copies element by element; a Gather
   * output is left alone, so MatMul can fold the following transpose into its transB flag.
   */
  public static Tensor swapAxes12(Tensor x) {
    if (x.rank() != 4 || x.dim(1) < 1 || x.dim(2) < 1) {
      throw Checks.fail("SwapAxes12", "needs x [N, A, B, R] with static A and B, got " + x.shape());
    }
    long a = x.dim(1);
    long b = x.dim(2);
    long[] idx = new long[Math.toIntExact(a * b)];
    for (int j = 0; j < b; j++) {
      for (int i = 0; i < a; i++) {
        idx[(int) (j * a + i)] = i * b + j; // out[n, j, i] = x[n, i, j] = rows[n, i·B + j]
      }
    }
    Graph g = x.graph();
    Tensor rows = ShapeOps.reshape(x, 0, a * b, x.dim(3)); // [N, A·B, R]
    Tensor y = gather(rows, g.constant(TensorData.longs(Shape.of(b, a), idx)), 1); // [N, B, A, R]
    g.defineComposite(y, new Graph.Composite("SwapAxes12", List.of(x), List.of()));
    return y;
  }

  /**
   * Per-sample row gather x [N, L, D], ids [N, K] → [N, K, D] for the ops with a declared backward. With
   * a static N ({@code rows.gather=flat}): one Gather of whole rows from x viewed as [N·L, D] at
   * ids + n·L — ORT copies rows, ~5× cheaper than GatherElements with an [N, K, D] int64 index, which
   * reads an index per element ({@code elements}, and the fallback for a dynamic N). No gradient of its
   * own: the composites that call it declare theirs.
   */
  public static Tensor takeRows(Tensor x, Tensor ids) {
    long n = x.dim(0);
    if (n < 1 || x.graph().option(BuildOption.ROWS_GATHER).equals("elements")) {
      return gatherRows(x, ids);
    }
    long l = x.dim(1);
    long[] offsets = new long[Math.toIntExact(n)];
    for (int i = 0; i < n; i++) {
      offsets[i] = i * l;
    }
    Graph g = x.graph();
    Tensor flatIds = Elementwise.add(ids, g.constant(TensorData.longs(Shape.of(n, 1), offsets))); // [N, K]
    return gather(ShapeOps.reshape(x, n * l, x.dim(2)), flatIds, 0); // [N, K, D]
  }

  /** torch.gather(x, 1, ids.unsqueeze(-1).expand(-1, -1, D)): x [N, L, D], ids [N, K] → [N, K, D]. */
  public static Tensor gatherRows(Tensor x, Tensor ids) {
    Tensor idx = ShapeOps.expand(ShapeOps.unsqueeze(ids, -1), Shape.of(ids.dim(0), ids.dim(1), x.dim(2)));
    return gatherElements(x, idx, 1);
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
