package dev.autodidact.onnx;

import java.util.List;
import java.util.Map;

/** Elementwise ONNX ops (numpy broadcasting for the binary ones) and comparisons. */
public final class Elementwise {
  private Elementwise() {}

  private static Tensor binary(String op, Tensor a, Tensor b) {
    Checks.sameType(op, a, b);
    Shape s = Checks.broadcast(op, a.shape(), b.shape());
    return a.graph().op(op, List.of(a, b), Map.of(), a.dtype(), s);
  }

  private static Tensor unary(String op, Tensor a) {
    return a.graph().op(op, List.of(a), Map.of(), a.dtype(), a.shape());
  }

  private static Tensor unaryFloat(String op, Tensor a) {
    Checks.floating(op, a);
    return unary(op, a);
  }

  private static Tensor compare(String op, Tensor a, Tensor b) {
    Checks.sameType(op, a, b);
    Shape s = Checks.broadcast(op, a.shape(), b.shape());
    return a.graph().op(op, List.of(a, b), Map.of(), DType.BOOL, s);
  }

  public static Tensor add(Tensor a, Tensor b) {
    return binary("Add", a, b);
  }

  public static Tensor sub(Tensor a, Tensor b) {
    return binary("Sub", a, b);
  }

  public static Tensor mul(Tensor a, Tensor b) {
    return binary("Mul", a, b);
  }

  public static Tensor div(Tensor a, Tensor b) {
    return binary("Div", a, b);
  }

  /** {@code a ^ b}; both operands float of the same type. */
  public static Tensor pow(Tensor a, Tensor b) {
    Checks.floating("Pow", a);
    return binary("Pow", a, b);
  }

  /** {@code a + c} for a scalar constant {@code c} of a's type. */
  public static Tensor add(Tensor a, double c) {
    return add(a, a.graph().scalar(c, a.dtype()));
  }

  /** {@code a * c} for a scalar constant {@code c} of a's type. */
  public static Tensor mul(Tensor a, double c) {
    return mul(a, a.graph().scalar(c, a.dtype()));
  }

  /** {@code a / c} for a scalar constant {@code c} of a's type. */
  public static Tensor div(Tensor a, double c) {
    return div(a, a.graph().scalar(c, a.dtype()));
  }

  /** {@code c - a} for a scalar constant {@code c} of a's type. */
  public static Tensor rsub(double c, Tensor a) {
    return sub(a.graph().scalar(c, a.dtype()), a);
  }

  public static Tensor neg(Tensor a) {
    return unary("Neg", a);
  }

  public static Tensor sqrt(Tensor a) {
    return unaryFloat("Sqrt", a);
  }

  public static Tensor reciprocal(Tensor a) {
    return unaryFloat("Reciprocal", a);
  }

  public static Tensor exp(Tensor a) {
    return unaryFloat("Exp", a);
  }

  public static Tensor log(Tensor a) {
    return unaryFloat("Log", a);
  }

  public static Tensor abs(Tensor a) {
    return unary("Abs", a);
  }

  public static Tensor sign(Tensor a) {
    return unary("Sign", a);
  }

  public static Tensor relu(Tensor a) {
    return unaryFloat("Relu", a);
  }

  public static Tensor sigmoid(Tensor a) {
    return unaryFloat("Sigmoid", a);
  }

  public static Tensor tanh(Tensor a) {
    return unaryFloat("Tanh", a);
  }

  public static Tensor erf(Tensor a) {
    return unaryFloat("Erf", a);
  }

  /**
   * Exact GELU, {@code 0.5·x·(1 + erf(x/√2))}. Opset 17 has no Gelu op (it arrives in opset 20), so it is
   * built from Erf in the exact node pattern ORT's optimizer fuses into one Gelu kernel (Div by √2, Erf,
   * Add 1, Mul by x, Mul by 0.5; measured: other orders are not fused). Its backward is declared by hand
   * and reads only x, so no intermediate of the pattern has a second consumer that would block the
   * fusion: {@code gelu'(x) = Φ(x) + x·φ(x)}.
   */
  public static Tensor gelu(Tensor x) {
    Checks.floating("Gelu", x);
    Graph g = x.graph();
    Tensor y;
    try (var s = g.scope("gelu")) {
      y = mul(mul(x, add(erf(div(x, Math.sqrt(2.0))), 1.0)), 0.5);
    }
    g.defineComposite(y, new Graph.Composite("Gelu", List.of(x), List.of()));
    return y;
  }

  /** Clamps to [min, max]; either bound may be null (unbounded). */
  public static Tensor clip(Tensor a, Double min, Double max) {
    Graph g = a.graph();
    Tensor lo = min == null ? null : g.scalar(min, a.dtype());
    Tensor hi = max == null ? null : g.scalar(max, a.dtype());
    return g.op("Clip", java.util.Arrays.asList(a, lo, hi), Map.of(), a.dtype(), a.shape());
  }

  /** {@code cond ? a : b}, broadcasting all three. */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    Checks.type("Where", cond, DType.BOOL);
    Checks.sameType("Where", a, b);
    Shape s = Checks.broadcast("Where", cond.shape(), Checks.broadcast("Where", a.shape(), b.shape()));
    return a.graph().op("Where", List.of(cond, a, b), Map.of(), a.dtype(), s);
  }

  public static Tensor equal(Tensor a, Tensor b) {
    return compare("Equal", a, b);
  }

  public static Tensor less(Tensor a, Tensor b) {
    return compare("Less", a, b);
  }

  public static Tensor greater(Tensor a, Tensor b) {
    return compare("Greater", a, b);
  }

  public static Tensor lessOrEqual(Tensor a, Tensor b) {
    return compare("LessOrEqual", a, b);
  }

  public static Tensor greaterOrEqual(Tensor a, Tensor b) {
    return compare("GreaterOrEqual", a, b);
  }

  public static Tensor and(Tensor a, Tensor b) {
    Checks.type("And", a, DType.BOOL);
    Checks.type("And", b, DType.BOOL);
    return compare("And", a, b);
  }

  public static Tensor not(Tensor a) {
    Checks.type("Not", a, DType.BOOL);
    return unary("Not", a);
  }

  /** Converts the element type. */
  public static Tensor cast(Tensor a, DType to) {
    return a.graph().op("Cast", List.of(a), Map.of("to", new Attribute.Int(to.proto().getNumber())), to, a.shape());
  }

  public static Tensor identity(Tensor a) {
    return unary("Identity", a);
  }

  /** True where {@code a} is NaN or ±Inf: {@code a - a} is NaN exactly for those, and NaN ≠ NaN. */
  public static Tensor nonFinite(Tensor a) {
    Checks.floating("IsNonFinite", a);
    Tensor d = sub(a, a);
    return not(equal(d, d));
  }
}
