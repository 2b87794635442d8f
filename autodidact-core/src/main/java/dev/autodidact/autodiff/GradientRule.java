package dev.autodidact.autodiff;

import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Tensor;

/** The backward rule of one op type: vector-Jacobian products written with the graph builder. */
@FunctionalInterface
public interface GradientRule {
  /**
   * Returns, for each input of {@code node}, the gradient of the loss with respect to it, or null where
   * {@code needs[i]} is false or the input is not differentiable. {@code outGrads[j]} is the gradient of
   * output j, or null when no gradient reaches it.
   */
  Tensor[] backward(Node node, Tensor[] outGrads, boolean[] needs);
}
