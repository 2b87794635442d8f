package dev.autodidact.nn;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.Map;

/**
 * Where a {@link ModelBuilder} gets the tensor for a parameter or buffer. Layers never create state
 * tensors themselves, so the same layer code serves a train step (state as graph inputs), an exported
 * encoder (state as initializers) and, later, flat state (slices of one big input).
 */
@FunctionalInterface
public interface ParamSource {
  /** The tensor that holds {@code spec}'s value in {@code graph}, of element type {@code dtype}. */
  Tensor tensor(Graph graph, ParamSpec spec, DType dtype);

  /** Each parameter and buffer is a graph input named like the parameter. */
  static ParamSource graphInputs() {
    return (g, spec, dtype) -> g.input(spec.name(), dtype, spec.shape());
  }

  /**
   * Each parameter and buffer is an initializer (weights stored inside the model), taken from
   * {@code values} by name: for standalone inference models such as {@code encoder.onnx}.
   */
  static ParamSource initializers(Map<String, TensorData> values) {
    return (g, spec, dtype) -> {
      TensorData v = values.get(spec.name());
      if (v == null) {
        throw new IllegalArgumentException("no value for parameter " + spec.name());
      }
      if (!v.shape().equals(spec.shape()) || v.dtype() != dtype) {
        throw new IllegalArgumentException("value for " + spec.name() + " is " + v + ", expected "
            + dtype + spec.shape());
      }
      return g.initializer(spec.name(), v);
    };
  }
}
