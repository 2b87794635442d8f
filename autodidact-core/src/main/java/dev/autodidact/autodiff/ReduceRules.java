package dev.autodidact.autodiff;

import static dev.autodidact.onnx.Elementwise.cast;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.equal;
import static dev.autodidact.onnx.Elementwise.exp;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.ShapeOps.expand;
import static dev.autodidact.onnx.ShapeOps.reshape;

import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import java.util.Map;

/** Gradients of reductions and of the softmax family. */
final class ReduceRules {
  private ReduceRules() {}

  static void register(Map<String, GradientRule> m) {
    m.put("ReduceSum", (n, g, need) -> new Tensor[] {spread(n, g[0]), null});
    m.put("ReduceMean", (n, g, need) -> {
      Tensor x = n.input(0);
      double count = (double) x.shape().numel() / n.output(0).shape().numel();
      return new Tensor[] {spread(n, div(g[0], count))};
    });
    m.put("ReduceSumSquare", (n, g, need) -> {
      Tensor x = n.input(0);
      return new Tensor[] {mul(mul(spread(n, g[0]), x), 2.0)};
    });
    // Ties share the gradient equally, as PyTorch's amax does.
    m.put("ReduceMax", (n, g, need) -> {
      Tensor x = n.input(0);
      Shape keep = keptShape(n);
      Tensor y = expand(reshape(n.output(0), keep), x.shape());
      Tensor mask = cast(equal(x, y), x.dtype());
      Tensor count = reduceSum(mask, true, axes(n));
      return new Tensor[] {mul(mask, expand(div(reshape(g[0], keep), count), x.shape()))};
    });
    // y = softmax(x): dx = y·(g − Σ g·y).
    m.put("Softmax", (n, g, need) -> {
      Tensor y = n.output(0);
      long axis = n.attrInt("axis", -1);
      return new Tensor[] {mul(y, sub(g[0], reduceSum(mul(g[0], y), true, axis)))};
    });
    // y = log_softmax(x): dx = g − exp(y)·Σ g.
    m.put("LogSoftmax", (n, g, need) -> {
      Tensor y = n.output(0);
      long axis = n.attrInt("axis", -1);
      return new Tensor[] {sub(g[0], mul(exp(y), reduceSum(g[0], true, axis)))};
    });
  }

  /** Reduced axes of a reduce node (all when none given), normalized. */
  static long[] axes(Node n) {
    int rank = n.input(0).rank();
    long[] ax;
    if (n.opType().equals("ReduceSum")) {
      ax = n.input(1) == null ? new long[0] : Consts.longs(n.input(1), "ReduceSum axes");
    } else {
      ax = n.attrInts("axes");
      ax = ax == null ? new long[0] : ax;
    }
    if (ax.length == 0) {
      ax = new long[rank];
      for (int i = 0; i < rank; i++) {
        ax[i] = i;
      }
    }
    return Consts.normAxes(ax, rank);
  }

  /** The output shape as if keepdims were 1. */
  static Shape keptShape(Node n) {
    long[] dims = n.input(0).shape().dims();
    for (long a : axes(n)) {
      dims[(int) a] = 1;
    }
    return Shape.of(dims);
  }

  /** Broadcasts an output gradient back over the reduced axes. */
  private static Tensor spread(Node n, Tensor g) {
    return expand(reshape(g, keptShape(n)), n.input(0).shape());
  }
}
