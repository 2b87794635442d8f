package dev.autodidact.autodiff;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The registry of every gradient rule: one per ONNX op type, and one per composite op kind
 * ({@link dev.autodidact.onnx.Graph.Composite}). Built once, immutable.
 */
public final class GradientRules {
  private static final Map<String, GradientRule> RULES = build();
  private static final Map<String, CompositeRule> COMPOSITES = buildComposites();

  /** Ops whose outputs never carry gradient (comparisons, constants, sign). */
  private static final Set<String> NON_DIFFERENTIABLE = Set.of(
      "Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual", "And", "Or", "Not", "Sign", "Constant",
      "ConstantOfShape", "Shape", "ArgMax", "ArgMin", "IsNaN", "IsInf");

  private GradientRules() {}

  private static Map<String, GradientRule> build() {
    Map<String, GradientRule> m = new HashMap<>();
    ElementwiseRules.register(m);
    ReduceRules.register(m);
    ShapeRules.register(m);
    IndexRules.register(m);
    LinalgRules.register(m);
    ConvRules.register(m);
    NormRules.register(m);
    return Map.copyOf(m);
  }

  private static Map<String, CompositeRule> buildComposites() {
    Map<String, CompositeRule> m = new HashMap<>();
    CompositeRules.register(m);
    return Map.copyOf(m);
  }

  /** The backward of a composite op kind, or null if there is none. */
  public static CompositeRule composite(String kind) {
    return COMPOSITES.get(kind);
  }

  /** The rule for an op type, or null if there is none. */
  public static GradientRule get(String opType) {
    return RULES.get(opType);
  }

  /** Op types with a gradient rule, sorted. */
  public static Set<String> opTypes() {
    return new TreeSet<>(RULES.keySet());
  }

  static boolean isNonDifferentiable(String opType) {
    return NON_DIFFERENTIABLE.contains(opType);
  }
}
