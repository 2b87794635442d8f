package dev.autodidact.optim;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An update-only graph for tests: inputs are the parameters (by name), {@code grad.<name>}, the optimizer
 * state, {@code lr} and {@code step}; outputs {@code new.<name>}, {@code new.<state>} and {@code grad_norm}.
 */
final class StepGraph implements AutoCloseable {
  final Optimizer optimizer;
  final List<Slot> slots;
  final List<StateSpec> specs;
  private final ModelRunner runner;

  StepGraph(Optimizer optimizer, Map<String, Shape> shapes) throws Exception {
    this.optimizer = optimizer;
    Graph g = new Graph("update");
    Map<String, Tensor> params = new LinkedHashMap<>();
    Map<String, Tensor> grads = new LinkedHashMap<>();
    shapes.forEach((n, s) -> {
      params.put(n, g.input(n, DType.FLOAT, s));
      grads.put(n, g.input("grad." + n, DType.FLOAT, s));
    });
    Tensor lr = g.input("lr", DType.FLOAT, Shape.scalar());
    Tensor step = g.input("step", DType.FLOAT, Shape.scalar());
    slots = optimizer.slots(params, grads);
    specs = optimizer.stateSpecs(slots);
    OptimizerStep r = optimizer.apply(g, slots, lr, step);
    r.params().forEach((n, t) -> g.output("new." + n, t));
    r.state().forEach((n, t) -> g.output("new." + n, t));
    g.output("grad_norm", r.gradNorm());
    runner = new ModelRunner(g.toModel(), Device.CPU);
  }

  /** Runs one update; {@code state} may be empty (zeros are fed). Returns outputs without the "new." prefix. */
  Map<String, TensorData> run(Map<String, TensorData> params, Map<String, TensorData> grads,
      Map<String, TensorData> state, double lr, int step) throws Exception {
    Map<String, TensorData> in = new LinkedHashMap<>();
    params.forEach(in::put);
    grads.forEach((n, v) -> in.put("grad." + n, v));
    for (StateSpec s : specs) {
      in.put(s.name(), state.getOrDefault(s.name(), s.zeros()));
    }
    in.put("lr", TensorData.scalar(DType.FLOAT, lr));
    in.put("step", TensorData.scalar(DType.FLOAT, step));
    Map<String, TensorData> out = new LinkedHashMap<>();
    runner.run(in).forEach((k, v) -> out.put(k.startsWith("new.") ? k.substring(4) : k, v));
    return out;
  }

  @Override
  public void close() throws Exception {
    runner.close();
  }
}
