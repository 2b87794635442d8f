package dev.autodidact.step;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.greater;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.rsub;
import static dev.autodidact.onnx.Elementwise.where;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.optim.OptimizerStep;
import dev.autodidact.optim.StateSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gradient accumulation inside one step graph, for sites whose memory holds only a small batch: state
 * {@code acc.<param>} sums the gradients of the micro-batches of an update; the update uses
 * {@code (acc + g) / n}, the mean over the n micro-batches — the gradient of the mean loss over the n·B
 * images — and is kept only when the input {@link StepProgram#APPLY} is 1 (the last micro-batch), which
 * also empties the sums. On the other micro-batches parameters and optimizer state pass through
 * unchanged. BatchNorm still normalizes each micro-batch on its own and updates its running statistics
 * every micro-batch: that is where it differs from one step of n·B.
 */
final class Accumulation {
  /** Prefix of the gradient-sum state. */
  static final String PREFIX = "acc.";

  private final int n;
  private final Tensor apply;
  private final Tensor applyBool;
  private final Map<String, Tensor> sums = new LinkedHashMap<>();
  private final Map<String, Tensor> grads;
  private final List<StateSpec> specs = new ArrayList<>();
  private final Map<String, Tensor> next = new LinkedHashMap<>();

  Accumulation(Graph g, int n, Map<String, Tensor> grads) {
    this.n = n;
    this.grads = grads;
    this.apply = g.input(StepProgram.APPLY, DType.FLOAT, Shape.scalar());
    this.applyBool = greater(apply, g.scalar(0.5, DType.FLOAT));
    grads.forEach((name, gr) -> {
      StateSpec s = new StateSpec(PREFIX + name, gr.dtype(), gr.shape());
      specs.add(s);
      sums.put(name, g.input(s.name(), s.dtype(), s.shape()));
    });
  }

  /** (acc + g) / n for each parameter: what the optimizer sees. */
  Map<String, Tensor> effectiveGrads() {
    Map<String, Tensor> r = new LinkedHashMap<>();
    grads.forEach((name, gr) -> r.put(name, div(add(sums.get(name), gr), n)));
    return r;
  }

  /**
   * The optimizer's results kept only when applying; the sums' next values (reset when applying). The
   * gradient norm reported is that of the effective gradient.
   */
  OptimizerStep gate(OptimizerStep os, Map<String, Tensor> params, List<StateSpec> optState, Graph g) {
    Map<String, Tensor> ps = new LinkedHashMap<>();
    os.params().forEach((name, p) -> ps.put(name, where(applyBool, p, params.get(name))));
    Map<String, Tensor> st = new LinkedHashMap<>();
    for (StateSpec s : optState) {
      st.put(s.name(), where(applyBool, os.state().get(s.name()), g.tensor(s.name())));
    }
    Tensor keep = rsub(1.0, apply);
    grads.forEach((name, gr) -> next.put(PREFIX + name, mul(add(sums.get(name), gr), keep)));
    return new OptimizerStep(ps, st, os.gradNorm());
  }

  List<StateSpec> stateSpecs() {
    return specs;
  }

  /** Next value of each sum by state name. */
  Map<String, Tensor> next() {
    return next;
  }
}
