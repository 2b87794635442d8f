package dev.autodidact.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.testutil.Fixtures;
import dev.autodidact.testutil.Parity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Step-1 parity with the PyTorch fixtures: loss, every gradient, the fixture's {@code out/*} and the
 * updated BN buffers, each within {@code 1e-4·max(1, max|ref|)} (README "Tolerances"). The exactly-zero
 * key slice of {@code qkv.bias} gradients is compared too: with this measure its float32 noise is far
 * below the tolerance.
 */
class FixtureParityTest {
  static final double TOL = 1e-4;

  static TrainGraph build(String fixture) {
    Recipe r = Fixtures.recipe(fixture);
    JsonNode info = Fixtures.json(fixture).get("inputs");
    int rows = info.get("x").get("shape").get(0).asInt();
    return switch (r.method()) {
      case "simclr" -> SimClr.build(r, rows / 2);
      case "mae" -> Mae.build(r, rows);
      case "classifier" -> Classifier.of(r).build(rows);
      default -> throw new IllegalArgumentException(r.method());
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"simclr-sgd", "simclr-lars", "mae-adamw", "mae-adamw-nonormpix", "classifier-sgd"})
  void matchesPyTorch(String fixture) throws Exception {
    JsonNode json = Fixtures.json(fixture);
    Map<String, TensorData> ref = Fixtures.tensors(fixture);
    TrainGraph tg = build(fixture);

    List<String> expectParams = new ArrayList<>();
    json.get("params").forEach(n -> expectParams.add(n.asText()));
    assertEquals(expectParams, tg.trainable().stream().map(ParamSpec::name).toList(), "trainable params in order");
    List<String> expectBuffers = new ArrayList<>();
    json.get("buffers").forEach(n -> expectBuffers.add(n.asText()));
    assertEquals(new java.util.TreeSet<>(expectBuffers), new java.util.TreeSet<>(tg.bufferUpdates().keySet()));
    assertEquals(json.get("num_params").asLong(), tg.trainableCount());

    Map<String, TensorData> got = Parity.run(tg, ref);
    Map<String, Double> worst = new TreeMap<>();
    List<String> failures = new ArrayList<>();
    for (String key : got.keySet()) {
      if (key.startsWith("diag/")) {
        continue;
      }
      TensorData r = ref.get(key);
      if (r == null) {
        throw new AssertionError("fixture has no " + key);
      }
      double err = Fixtures.relErr(got.get(key), r);
      String group = key.contains("/") ? key.substring(0, key.indexOf('/')) : key;
      if (key.startsWith("after/")) {
        group = "after/buffer";
      }
      worst.merge(group, err, Math::max);
      if (!(err <= TOL)) {
        failures.add(key + ": " + err);
      }
    }
    System.out.println(fixture + " max rel err " + worst + " embedding_std " + got.get("diag/embedding_std").getDouble(0));
    assertTrue(failures.isEmpty(), fixture + ": " + failures);
    assertTrue(worst.containsKey("grad") && worst.containsKey("loss") && worst.containsKey("out"));
    for (String k : ref.keySet()) {
      if (k.startsWith("after/buffer/")) {
        assertTrue(got.containsKey(k), "missing " + k);
      }
    }
  }
}
