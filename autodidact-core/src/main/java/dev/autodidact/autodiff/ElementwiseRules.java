package dev.autodidact.autodiff;

import dev.autodidact.onnx.BuildOption;
import static dev.autodidact.autodiff.Gradients.sumToShape;
import static dev.autodidact.onnx.Elementwise.and;
import static dev.autodidact.onnx.Elementwise.cast;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.exp;
import static dev.autodidact.onnx.Elementwise.greater;
import static dev.autodidact.onnx.Elementwise.greaterOrEqual;
import static dev.autodidact.onnx.Elementwise.lessOrEqual;
import static dev.autodidact.onnx.Elementwise.log;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.neg;
import static dev.autodidact.onnx.Elementwise.pow;
import static dev.autodidact.onnx.Elementwise.rsub;
import static dev.autodidact.onnx.Elementwise.sign;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Elementwise.where;

import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import java.util.Map;

/** Gradients of the elementwise ops; broadcast operands get their gradient summed back to shape. */
final class ElementwiseRules {
  private ElementwiseRules() {}

  static void register(Map<String, GradientRule> m) {
    m.put("Add", (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(g[0], n.input(0).shape()) : null,
        need[1] ? sumToShape(g[0], n.input(1).shape()) : null});
    m.put("Sub", (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(g[0], n.input(0).shape()) : null,
        need[1] ? sumToShape(neg(g[0]), n.input(1).shape()) : null});
    m.put("Mul", (n, g, need) -> new Tensor[] {
        need[0] ? sumToShape(mul(g[0], n.input(1)), n.input(0).shape()) : null,
        need[1] ? sumToShape(mul(g[0], n.input(0)), n.input(1).shape()) : null});
    m.put("Div", ElementwiseRules::div_);
    m.put("Pow", ElementwiseRules::pow_);
    m.put("Neg", (n, g, need) -> new Tensor[] {neg(g[0])});
    m.put("Identity", (n, g, need) -> new Tensor[] {g[0]});
    // d sqrt(x) = 1 / (2 sqrt(x)): reuse the output.
    m.put("Sqrt", (n, g, need) -> new Tensor[] {div(g[0], mul(n.output(0), 2.0))});
    // d (1/x) = -1/x² = -y².
    m.put("Reciprocal", (n, g, need) -> new Tensor[] {neg(mul(g[0], mul(n.output(0), n.output(0))))});
    m.put("Exp", (n, g, need) -> new Tensor[] {mul(g[0], n.output(0))});
    m.put("Log", (n, g, need) -> new Tensor[] {div(g[0], n.input(0))});
    m.put("Abs", (n, g, need) -> new Tensor[] {mul(g[0], sign(n.input(0)))});
    m.put("Relu", (n, g, need) -> {
      Tensor x = n.input(0);
      Tensor positive = greater(x, x.graph().scalar(0, x.dtype()));
      switch (x.graph().option(BuildOption.RELU_GRAD)) {
        // g·float(x > 0): Greater, Cast and Mul are multi-threaded in ORT 1.29, its Where is not (one Where
        // over a 28×28×32×512 map took 15 ms, the three ops together 8–10 ms; docs/performance.md).
        case "mask":
          return new Tensor[] {mul(g[0], cast(positive, x.dtype()))};
        // Where with a broadcast scalar zero, or with a full-size ConstantOfShape (the first rule).
        case "scalar":
          return new Tensor[] {where(positive, g[0], x.graph().scalar(0, x.dtype()))};
        default:
          return new Tensor[] {where(positive, g[0], ShapeOps.zerosLike(g[0]))};
      }
    });
    m.put("Sigmoid", (n, g, need) -> {
      Tensor y = n.output(0);
      return new Tensor[] {mul(g[0], mul(y, rsub(1.0, y)))};
    });
    m.put("Tanh", (n, g, need) -> {
      Tensor y = n.output(0);
      return new Tensor[] {mul(g[0], rsub(1.0, mul(y, y)))};
    });
    // d erf(x) = 2/√π · exp(−x²).
    m.put("Erf", (n, g, need) -> {
      Tensor x = n.input(0);
      return new Tensor[] {mul(g[0], mul(exp(neg(mul(x, x))), 2.0 / Math.sqrt(Math.PI)))};
    });
    m.put("Clip", ElementwiseRules::clip_);
    m.put("Where", (n, g, need) -> {
      Tensor c = n.input(0);
      Tensor zero = ShapeOps.zerosLike(g[0]);
      return new Tensor[] {null,
          need[1] ? sumToShape(where(c, g[0], zero), n.input(1).shape()) : null,
          need[2] ? sumToShape(where(c, zero, g[0]), n.input(2).shape()) : null};
    });
    m.put("Cast", (n, g, need) -> new Tensor[] {cast(g[0], n.input(0).dtype())});
  }

  // y = a / b: da = g / b, db = -g·a/b² = -g·y/b.
  private static Tensor[] div_(Node n, Tensor[] g, boolean[] need) {
    Tensor a = n.input(0);
    Tensor b = n.input(1);
    return new Tensor[] {
        need[0] ? sumToShape(div(g[0], b), a.shape()) : null,
        need[1] ? sumToShape(neg(div(mul(g[0], n.output(0)), b)), b.shape()) : null};
  }

  // y = a^b: da = g·b·a^(b−1), db = g·y·ln(a) (only defined for a > 0).
  private static Tensor[] pow_(Node n, Tensor[] g, boolean[] need) {
    Tensor a = n.input(0);
    Tensor b = n.input(1);
    Tensor da = null;
    if (need[0]) {
      da = sumToShape(mul(g[0], mul(b, pow(a, sub(b, b.graph().scalar(1, b.dtype()))))), a.shape());
    }
    Tensor db = need[1] ? sumToShape(mul(g[0], mul(n.output(0), log(a))), b.shape()) : null;
    return new Tensor[] {da, db};
  }

  // The gradient passes where min ≤ x ≤ max (PyTorch's clamp convention at the bounds).
  private static Tensor[] clip_(Node n, Tensor[] g, boolean[] need) {
    Tensor x = n.input(0);
    Tensor lo = n.input(1);
    Tensor hi = n.input(2);
    Tensor pass = null;
    if (lo != null) {
      pass = greaterOrEqual(x, lo);
    }
    if (hi != null) {
      Tensor p2 = lessOrEqual(x, hi);
      pass = pass == null ? p2 : and(pass, p2);
    }
    Tensor dx = pass == null ? g[0] : where(pass, g[0], ShapeOps.zerosLike(g[0]));
    return new Tensor[] {dx, null, null};
  }
}
