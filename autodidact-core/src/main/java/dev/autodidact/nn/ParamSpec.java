package dev.autodidact.nn;

import dev.autodidact.onnx.Shape;

/**
 * One state tensor of a model: its full dotted name (the graph input name and the checkpoint key, e.g.
 * {@code encoder.stage2.block0.conv1.weight}), static shape, role and initializer.
 */
public record ParamSpec(String name, Shape shape, Role role, Init init) {
  public ParamSpec {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("parameter name must not be empty");
    }
    if (!shape.isStatic()) {
      throw new IllegalArgumentException("parameter " + name + " needs a static shape, got " + shape);
    }
  }

  /** True for trainable parameters (everything but buffers). */
  public boolean trainable() {
    return role != Role.BUFFER;
  }

  /**
   * Weight-decay rule of the reference (MAE's {@code add_weight_decay}, moco-v3 LARS): decay tensors of
   * rank > 1 — conv/linear weights and the [1,1,D] tokens — but not biases or norm parameters.
   */
  public boolean decay() {
    return shape.rank() > 1 && role != Role.BUFFER;
  }

  /** Number of elements. */
  public long numel() {
    return shape.numel();
  }
}
