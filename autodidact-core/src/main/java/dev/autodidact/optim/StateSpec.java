package dev.autodidact.optim;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;

/**
 * An optimizer state tensor the step graph takes as input and returns updated: its graph input name
 * ({@code opt.<moment>.<param>} per tensor, {@code opt.<moment>} when flat), type and shape. Every state
 * starts at zero, as in PyTorch.
 */
public record StateSpec(String name, DType dtype, Shape shape) {
  /** The initial value: zeros. */
  public TensorData zeros() {
    return TensorData.filled(dtype, shape, 0);
  }
}
