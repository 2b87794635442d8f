package dev.autodidact.testutil;

import dev.autodidact.method.TrainGraph;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs a method's train graph on a fixture's step-1 state and inputs and returns every quantity under
 * the fixture's key: {@code loss}, {@code grad/<name>}, {@code out/<name>}, {@code after/buffer/<name>}.
 */
public final class Parity {
  private Parity() {}

  /** Feeds {@code param/*}, {@code buffer/*}, {@code input/*} of {@code fixture} and computes everything. */
  public static Map<String, TensorData> run(TrainGraph tg, Map<String, TensorData> fixture) throws Exception {
    Graph g = tg.graph();
    Map<Tensor, Tensor> grads = tg.gradients();
    g.output("loss", tg.loss());
    for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
      g.output("grad/" + e.getKey().name(), e.getValue());
    }
    tg.outputs().forEach((k, v) -> g.output("out/" + k, v));
    tg.bufferUpdates().forEach((k, v) -> g.output("after/buffer/" + k, v));
    tg.diagnostics().forEach((k, v) -> g.output("diag/" + k, v));
    Map<String, TensorData> feed = new LinkedHashMap<>();
    for (Tensor in : g.inputs()) {
      String n = in.name();
      TensorData v = fixture.containsKey("param/" + n) ? fixture.get("param/" + n)
          : fixture.containsKey("buffer/" + n) ? fixture.get("buffer/" + n) : fixture.get("input/" + n);
      if (v == null) {
        throw new AssertionError("fixture has no value for graph input " + n);
      }
      feed.put(n, v);
    }
    try (ModelRunner r = new ModelRunner(g.toModel(), Device.CPU)) {
      return r.run(feed);
    }
  }
}
