package dev.autodidact.autodiff;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;

/**
 * The backward of a composite op ({@link Graph.Composite}): the gradients of its inputs given the
 * gradient of its output; entries for inputs whose {@code need} is false may be null.
 */
@FunctionalInterface
public interface CompositeRule {
  Tensor[] backward(Graph.Composite composite, Tensor gradOut, boolean[] need);
}
