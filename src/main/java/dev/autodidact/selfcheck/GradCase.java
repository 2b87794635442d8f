package dev.autodidact.selfcheck;

import dev.autodidact.onnx.Tensor;
import java.util.List;
import java.util.function.Function;

/**
 * One finite-difference check: the op (rule) it proves, a short description of the configuration, the
 * inputs, and the function that builds the op under test from the input tensors.
 */
public record GradCase(String op, String config, List<InputSpec> inputs, Function<List<Tensor>, Tensor> build) {
  @Override
  public String toString() {
    return op + " " + config;
  }
}
