package dev.autodidact.optim;

import dev.autodidact.onnx.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an optimizer fragment adds to a step graph: the updated parameters by slot name, the updated
 * state by state input name (see {@link StateSpec}), and the global L2 norm of the raw gradients
 * (before clipping; a scalar diagnostic, the value {@code clip_grad_norm_} returns).
 */
public record OptimizerStep(Map<String, Tensor> params, Map<String, Tensor> state, Tensor gradNorm) {
  public OptimizerStep {
    params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    state = Collections.unmodifiableMap(new LinkedHashMap<>(state));
  }
}
