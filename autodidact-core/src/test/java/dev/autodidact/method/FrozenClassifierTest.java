package dev.autodidact.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.autodiff.Gradients;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.testutil.Fixtures;
import dev.autodidact.testutil.Parity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A frozen classifier trains only its head and never differentiates the encoder. */
class FrozenClassifierTest {
  @Test
  void onlyTheHeadTrainsAndItsGradientsMatchTheUnfrozenReference() throws Exception {
    Classifier c = new Classifier(Fixtures.recipe("classifier-sgd"), 5, true);
    TrainGraph tg = c.build(8);
    assertEquals(List.of("classifier.weight", "classifier.bias"), tg.trainable().stream().map(ParamSpec::name).toList());
    Graph g = tg.graph();
    int before = g.nodes().size();
    Map<String, TensorData> ref = Fixtures.tensors("classifier-sgd");
    Map<String, TensorData> got = Parity.run(tg, ref);
    // The backward pass holds no conv or BN gradient: nothing flows past the stopGradient.
    for (Node n : g.nodes().subList(before, g.nodes().size())) {
      assertTrue(!n.opType().equals("ConvTranspose") && !n.name().contains("grad:encoder."), n.name());
    }
    // Same forward as the unfrozen fixture, so the head's gradients are the fixture's.
    for (String p : List.of("classifier.weight", "classifier.bias")) {
      assertTrue(Fixtures.relErr(got.get("grad/" + p), ref.get("grad/" + p)) < 1e-4, p);
    }
    assertTrue(Fixtures.relErr(got.get("loss"), ref.get("loss")) < 1e-4);
    // An encoder parameter asked for anyway gets zeros.
    TrainGraph tg2 = new Classifier(Fixtures.recipe("classifier-sgd"), 5, true).build(8);
    assertEquals("ConstantOfShape", Gradients.of(tg2.loss(),
        List.of(tg2.graph().tensor("encoder.stem.conv.weight"))).values().iterator().next().producer().opType());
  }

  @Test
  void evalModeProbeHasNoBufferUpdates() {
    Classifier c = new Classifier(Fixtures.recipe("classifier-sgd"), 5, true);
    TrainGraph tg = c.build(new ModelBuilder(new Graph("probe"), ModelBuilder.Mode.EVAL), 8);
    assertTrue(tg.bufferUpdates().isEmpty());
    assertEquals(2, tg.trainable().size());
  }
}
