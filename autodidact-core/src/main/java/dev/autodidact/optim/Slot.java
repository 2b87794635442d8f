package dev.autodidact.optim;

import dev.autodidact.onnx.Tensor;

/**
 * One trainable parameter as the optimizer sees it: its public name (used to name its state), the
 * parameter and gradient tensors of the step graph, and whether weight decay (and, for LARS, the trust
 * ratio) applies to it.
 */
public record Slot(String name, Tensor param, Tensor grad, boolean decay) {
  public Slot {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("slot name must not be empty");
    }
    if (!param.shape().equals(grad.shape()) || param.dtype() != grad.dtype()) {
      throw new IllegalArgumentException("slot " + name + ": gradient " + grad + " does not match parameter " + param);
    }
    if (!param.dtype().isFloating()) {
      throw new IllegalArgumentException("slot " + name + ": parameter must be floating point, got " + param);
    }
  }
}
