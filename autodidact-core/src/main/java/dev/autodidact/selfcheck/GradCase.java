package dev.autodidact.selfcheck;

import dev.autodidact.onnx.Tensor;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * One finite-difference check: the op (rule) it proves, a short description of the configuration, the
 * inputs, the function that builds the op under test from the input tensors, and the
 * {@link dev.autodidact.onnx.BuildOption} switches in force while its gradient is built.
 */
public record GradCase(String op, String config, List<InputSpec> inputs, Function<List<Tensor>, Tensor> build,
    Map<String, String> formulation) {
  public GradCase {
    formulation = Map.copyOf(formulation);
  }

  public GradCase(String op, String config, List<InputSpec> inputs, Function<List<Tensor>, Tensor> build) {
    this(op, config, inputs, build, Map.of());
  }

  /** The same case with one more formulation switch (named in the config). */
  public GradCase with(String key, String value) {
    Map<String, String> f = new TreeMap<>(formulation);
    f.put(key, value);
    return new GradCase(op, config + " [" + key + "=" + value + "]", inputs, build, f);
  }

  @Override
  public String toString() {
    return op + " " + config;
  }
}
