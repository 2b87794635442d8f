package dev.autodidact.method;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.nn.Initializer;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import dev.autodidact.testutil.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * End-to-end sanity: from our own initialization, 50 plain SGD steps (update done in Java on the fetched
 * gradients, BN buffers fed back) on one fixed small batch must drive each method's loss well down.
 */
class OverfitTest {
  @ParameterizedTest
  @CsvSource({"simclr-sgd,0.1,0.6", "mae-adamw,0.1,0.6", "classifier-sgd,0.5,0.2"})
  void fiftySgdStepsOverfitOneBatch(String fixture, double lr, double maxRatio) throws Exception {
    TrainGraph tg = FixtureParityTest.build(fixture);
    Graph g = tg.graph();
    Map<Tensor, Tensor> grads = tg.gradients();
    g.output("loss", tg.loss());
    for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
      g.output("grad/" + e.getKey().name(), e.getValue());
    }
    tg.bufferUpdates().forEach((k, v) -> g.output("new/" + k, v));
    Map<String, TensorData> fx = Fixtures.tensors(fixture);
    Map<String, TensorData> feed = new LinkedHashMap<>(new Initializer(11).values(tg.model().specs(), DType.FLOAT));
    for (String in : tg.inputs().keySet()) {
      feed.put(in, fx.get("input/" + in));
    }
    double first = Double.NaN;
    double last = Double.NaN;
    try (ModelRunner run = new ModelRunner(g.toModel(), Device.CPU)) {
      for (int step = 0; step < 50; step++) {
        Map<String, TensorData> out = run.run(feed);
        last = out.get("loss").getDouble(0);
        if (step == 0) {
          first = last;
        }
        for (ParamSpec p : tg.trainable()) {
          float[] w = feed.get(p.name()).toFloats();
          float[] gr = out.get("grad/" + p.name()).toFloats();
          for (int i = 0; i < w.length; i++) {
            w[i] -= (float) (lr * gr[i]);
          }
          feed.put(p.name(), TensorData.floats(p.shape(), w));
        }
        for (String b : tg.bufferUpdates().keySet()) {
          feed.put(b, out.get("new/" + b));
        }
      }
    }
    System.out.println(fixture + ": loss " + first + " -> " + last);
    assertTrue(Double.isFinite(last) && last < maxRatio * first, fixture + ": loss " + first + " -> " + last);
  }
}
