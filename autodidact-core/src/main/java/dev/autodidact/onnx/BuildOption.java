package dev.autodidact.onnx;

import java.util.List;

/**
 * Every graph build option: how a graph is formulated, never what it computes. Each key lists its allowed
 * values and its default (the fastest measured on ORT CPU, docs/performance.md); the alternatives stay
 * where a benchmark, a device or a finite-difference check still chooses between them. Read by the code
 * that builds the affected ops ({@code onnx}, {@code nn}, {@code autodiff}, {@code optim}, the step
 * assembly) through {@link Graph#option(BuildOption)}; set through {@link BuildOptions#parse}.
 *
 * <pre>{@code
 * Graph g = new Graph("step", BuildOptions.parse(Map.of("conv.forward", "conv")));
 * if (g.option(BuildOption.CONV_FORWARD).equals("nhwc")) { ... }
 * }</pre>
 */
public enum BuildOption {
  /**
   * How a layer conv is built: auto (nhwc Gemm on small maps), conv, nhwc, flat. (auto-s1, the first auto
   * rule, was retired: docs/performance.md, "Retired build options".)
   */
  CONV_FORWARD("conv.forward", "auto", "conv", "nhwc", "flat"),
  /**
   * Conv's weight gradient: conv (correlation as a Conv with dilations: slowest on ORT, 2-4×), gemm or
   * batched (im2col with strided slices), flat-gemm or flat-batched (2-D stride 1: contiguous windows), auto
   * (default: flat-gemm for 2-D stride 1 unless k_w·M > (k_h·k_w − k_h)·C; else batched when output
   * positions ≥ output channels per group, gemm otherwise).
   */
  CONV_WGRAD("conv.wgrad", "auto", "conv", "gemm", "batched", "flat-gemm", "flat-batched"),
  /** Conv's stride-1 input gradient: conv (flipped kernel) or convtranspose. */
  CONV_DGRAD("conv.dgrad", "conv", "convtranspose"),
  /** The strided input gradient of the channels-last Gemm conv: auto, col2im or convtranspose. */
  CONV_NHWC_DGRAD("conv.nhwc_dgrad", "auto", "col2im", "convtranspose"),
  /**
   * BatchNorm's training forward: op (the training-mode BatchNormalization node) or decomposed (reductions
   * and elementwise ops, for execution providers that cannot run the op's training mode, e.g. oneDNN's).
   */
  BN_FORWARD("bn.forward", "op", "decomposed"),
  /** BatchNormalization's backward: fused or plain. */
  BN_GRAD("bn.grad", "fused", "plain"),
  /** ReLU's backward: mask (g·float(x > 0)), scalar (Where with a scalar zero), zeros (Where with a zeros tensor). */
  RELU_GRAD("relu.grad", "mask", "scalar", "zeros"),
  /** LayerNorm's forward: decomposed (elementwise, reusable x̂) or op (the LayerNormalization kernel). */
  LN_FORWARD("ln.forward", "decomposed", "op"),
  /** MAE's per-sample row gathers (masking, unshuffle): flat (row Gather on flat indices) or elements (GatherElements). */
  ROWS_GATHER("rows.gather", "flat", "elements"),
  /** Attention's head split: gather (row Gather) or transpose. */
  ATTN_LAYOUT("attn.layout", "gather", "transpose"),
  /** Sums over leading axes: matmul (a row of ones) or reducesum. */
  SUM_LEAD("sum.lead", "matmul", "reducesum"),
  /** MatMul's weight gradient for a rank-2 weight: gemm (batch folded) or batched. */
  MATMUL_WGRAD("matmul.wgrad", "gemm", "batched"),
  /** Optimizer state: per-tensor or flat (one concatenated buffer). */
  OPTIM_LAYOUT("optim.layout", "per-tensor", "flat"),
  /** Per-tensor optimizer: tensors up to this many elements share one update chain (0: none). Any integer >= 0. */
  OPTIM_GROUP_BELOW("optim.group_below", "16384");

  private final String key;
  private final String dflt;
  private final List<String> values;

  BuildOption(String key, String dflt, String... others) {
    this.key = key;
    this.dflt = dflt;
    this.values = others.length == 0 ? List.of() : List.of(prepend(dflt, others));
  }

  private static String[] prepend(String first, String[] rest) {
    String[] a = new String[rest.length + 1];
    a[0] = first;
    System.arraycopy(rest, 0, a, 1, rest.length);
    return a;
  }

  /** The key as written on command lines and in manifests, e.g. {@code conv.forward}. */
  public String key() {
    return key;
  }

  /** The value in force when none is given. */
  public String defaultValue() {
    return dflt;
  }

  /** The allowed values (default first); empty for the integer-valued {@link #OPTIM_GROUP_BELOW}. */
  public List<String> allowed() {
    return values;
  }

  /** Whether {@code v} is allowed for this key. */
  public boolean allows(String v) {
    if (values.isEmpty()) {
      try {
        return Long.parseLong(v) >= 0;
      } catch (NumberFormatException e) {
        return false;
      }
    }
    return values.contains(v);
  }

  /** The allowed values in words, for messages. */
  public String describeValues() {
    return values.isEmpty() ? "an integer >= 0" : String.join(", ", values);
  }

  /** The option with key {@code key}, or null. */
  public static BuildOption byKey(String key) {
    for (BuildOption o : values()) {
      if (o.key.equals(key)) {
        return o;
      }
    }
    return null;
  }
}
