package dev.autodidact.autodiff;

import static dev.autodidact.onnx.Elementwise.add;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reverse-mode automatic differentiation over a {@link Graph}: appends the backward pass to the same
 * graph, one {@link GradientRule} per op type.
 *
 * <p>Walks the nodes in reverse creation order (a reverse topological order), so every tensor's gradient
 * is complete — all fan-out contributions summed — before its producer is visited. Only nodes that lie
 * between the requested tensors and the loss are differentiated, and rules are told which inputs need a
 * gradient, so e.g. no input gradient is computed for the first convolution.
 */
public final class Gradients {
  private Gradients() {}

  /** Gradients of a scalar {@code loss} (one element) with respect to each tensor in {@code wrt}. */
  public static Map<Tensor, Tensor> of(Tensor loss, List<Tensor> wrt) {
    if (loss.shape().numel() != 1) {
      throw new IllegalArgumentException("loss must have one element, got " + loss.shape());
    }
    if (!loss.dtype().isFloating()) {
      throw new IllegalArgumentException("loss must be float or double, got " + loss.dtype());
    }
    Tensor seed = ShapeOps.filled(loss.graph(), loss.dtype(), loss.shape(), 1.0);
    return vjp(loss, seed, wrt);
  }

  /** The vector-Jacobian product: gradients of {@code sum(y * seed)} with respect to {@code wrt}. */
  public static Map<Tensor, Tensor> vjp(Tensor y, Tensor seed, List<Tensor> wrt) {
    Graph g = y.graph();
    if (!seed.shape().equals(y.shape()) || seed.dtype() != y.dtype()) {
      throw new IllegalArgumentException("seed " + seed + " does not match " + y);
    }
    Set<Tensor> live = dependents(g, wrt);
    Map<Tensor, Tensor> grads = new IdentityHashMap<>();
    grads.put(y, seed);
    List<Node> nodes = g.nodes();
    for (int i = nodes.size() - 1; i >= 0; i--) {
      Node n = nodes.get(i);
      Tensor[] outGrads = new Tensor[n.outputs().size()];
      boolean any = false;
      for (int j = 0; j < outGrads.length; j++) {
        outGrads[j] = grads.get(n.output(j));
        any |= outGrads[j] != null;
      }
      if (!any) {
        continue;
      }
      Graph.Composite custom = g.composite(n.output(0));
      List<Tensor> ins = custom != null ? custom.inputs() : n.inputs();
      boolean[] needs = new boolean[ins.size()];
      boolean anyNeed = false;
      for (int k = 0; k < needs.length; k++) {
        Tensor in = ins.get(k);
        needs[k] = in != null && live.contains(in) && in.dtype().isFloating();
        anyNeed |= needs[k];
      }
      if (!anyNeed) {
        continue;
      }
      Tensor[] inGrads;
      if (custom != null) {
        // A composite with a hand-written backward: its internal nodes get no gradient and are skipped.
        CompositeRule rule = GradientRules.composite(custom.kind());
        if (rule == null) {
          throw new UnsupportedOperationException("no gradient rule for composite " + custom.kind() + " (node " + n.name() + ")");
        }
        try (var s = g.scope("grad:" + n.name())) {
          inGrads = rule.backward(custom, outGrads[0], needs);
        }
      } else {
        GradientRule rule = GradientRules.get(n.opType());
        if (rule == null) {
          throw new UnsupportedOperationException(
              "no gradient rule for op " + n.opType() + " (node " + n.name() + ")");
        }
        try (var s = g.scope("grad:" + n.name())) {
          inGrads = rule.backward(n, outGrads, needs);
        }
      }
      for (int k = 0; k < needs.length; k++) {
        if (!needs[k] || inGrads[k] == null) {
          continue;
        }
        Tensor in = ins.get(k);
        Tensor gk = inGrads[k];
        if (!gk.shape().equals(in.shape())) {
          throw new IllegalStateException("gradient rule of " + n.opType() + " gave " + gk.shape()
              + " for input " + k + " of shape " + in.shape() + " (node " + n.name() + ")");
        }
        grads.merge(in, gk, (a, b) -> add(a, b));
      }
    }
    Map<Tensor, Tensor> result = new LinkedHashMap<>();
    for (Tensor w : wrt) {
      Tensor gw = grads.get(w);
      result.put(w, gw != null ? gw : ShapeOps.zerosLike(w));
    }
    return result;
  }

  /** Tensors whose value depends on {@code wrt} through differentiable paths. */
  private static Set<Tensor> dependents(Graph g, List<Tensor> wrt) {
    Set<Tensor> dep = Collections.newSetFromMap(new IdentityHashMap<>());
    dep.addAll(wrt);
    for (Node n : g.nodes()) {
      if (GradientRules.isNonDifferentiable(n.opType())) {
        continue;
      }
      boolean d = false;
      for (Tensor t : n.inputs()) {
        d |= t != null && dep.contains(t);
      }
      if (!d) {
        continue;
      }
      for (Tensor o : n.outputs()) {
        if (o.dtype().isFloating() && !g.isStopGradient(o)) {
          dep.add(o);
        }
      }
    }
    return dep;
  }

  /**
   * Sums a broadcast gradient back to the shape of the operand that was broadcast: reduces the leading
   * axes the operand lacked and the axes where it had size 1.
   */
  public static Tensor sumToShape(Tensor grad, Shape target) {
    if (grad.shape().equals(target)) {
      return grad;
    }
    int lead = grad.rank() - target.rank();
    long[] axes = new long[grad.rank()];
    int k = 0;
    for (int i = 0; i < grad.rank(); i++) {
      if (i < lead || (target.dim(i - lead) == 1 && grad.dim(i) != 1)) {
        axes[k++] = i;
      }
    }
    if (k == lead && lead > 0) {
      // Only broadcast leading axes (a bias over [N, T, C]): the faster leading-axes sum.
      return ShapeOps.reshape(dev.autodidact.onnx.Reduce.sumLeading(grad, lead), target);
    }
    if (k == 0) {
      return ShapeOps.reshape(grad, target);
    }
    // Reduce the trailing run of summed axes first, then the rest (a per-channel sum over (0, 2, 3) as
    // (2, 3) then 0): ORT 1.29 reduces trailing contiguous axes 2× faster, and oneDNN has no optimized
    // kernel for the one-step form (its reference kernel took 3.2 s of a 5.6 s step; docs/performance.md).
    int t = k;
    while (t > 0 && axes[t - 1] == grad.rank() - (k - t) - 1) {
      t--;
    }
    Tensor r = grad;
    if (t > 0 && t < k) {
      r = dev.autodidact.onnx.Reduce.reduceSum(r, true, java.util.Arrays.copyOfRange(axes, t, k));
      r = dev.autodidact.onnx.Reduce.reduceSum(r, true, java.util.Arrays.copyOf(axes, t));
    } else {
      r = dev.autodidact.onnx.Reduce.reduceSum(r, true, java.util.Arrays.copyOf(axes, k));
    }
    return ShapeOps.reshape(r, target);
  }
}
