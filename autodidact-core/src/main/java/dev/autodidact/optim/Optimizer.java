package dev.autodidact.optim;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An optimizer as a graph fragment. {@link #apply} declares the state inputs in the graph (named as
 * {@link #stateSpecs} lists them), and returns the new parameters and state as tensors; the caller
 * decides which graph outputs they become. {@code lr} and {@code step} are float32 scalar ({@code []})
 * graph inputs; {@code step} is 1 on the first update (AdamW's bias correction needs it).
 */
public interface Optimizer {
  /** The state inputs {@link #apply} will declare for these slots, in declaration order. */
  List<StateSpec> stateSpecs(List<Slot> slots);

  /** Adds the update to {@code g}. */
  OptimizerStep apply(Graph g, List<Slot> slots, Tensor lr, Tensor step);

  /** Whether a parameter is decayed by default (SGD: all; AdamW and LARS: rank > 1). */
  boolean decays(Tensor param);

  /** Slots for parameters and their gradients (same keys, in the parameters' order) with default decay. */
  default List<Slot> slots(Map<String, Tensor> params, Map<String, Tensor> grads) {
    List<Slot> r = new ArrayList<>();
    params.forEach((name, p) -> {
      Tensor gr = grads.get(name);
      if (gr == null) {
        throw new IllegalArgumentException("no gradient for parameter " + name);
      }
      r.add(new Slot(name, p, gr, decays(p)));
    });
    return r;
  }
}
