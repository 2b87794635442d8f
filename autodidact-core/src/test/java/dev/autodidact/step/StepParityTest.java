package dev.autodidact.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.StateSlot;
import dev.autodidact.runtime.TrainSession;
import dev.autodidact.runtime.Tensors;
import dev.autodidact.testutil.Fixtures;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole exported training step — forward, loss, backward, optimizer update, BatchNorm statistics —
 * run through {@link TrainSession} for two steps, against PyTorch's two steps on the same inputs:
 * every parameter, moment and buffer within 1e-4 of the tensor's max.
 */
class StepParityTest {
  static final double TOL = 1e-4;

  @ParameterizedTest
  @ValueSource(strings = {"simclr-sgd", "simclr-lars", "mae-adamw", "mae-adamw-nonormpix", "classifier-sgd",
      "classifier-linear-sgd", "classifier-weighted-adamw", "classifier-multilabel-adamw",
      "classifier-multilabel-linear-sgd", "classifier-last1-adamw"})
  void twoStepsMatchPyTorch(String fixture) throws Exception {
    JsonNode json = Fixtures.json(fixture);
    Map<String, TensorData> ref = Fixtures.tensors(fixture);
    Recipe recipe = Fixtures.recipe(fixture);
    StepProgram p = StepBuilder.train(recipe, recipe.train().batch(), 0);
    Map<String, TensorData> init = new LinkedHashMap<>(p.initialState());
    for (StateSlot s : p.slots()) {
      TensorData v = ref.containsKey("param/" + s.input()) ? ref.get("param/" + s.input()) : ref.get("buffer/" + s.input());
      if (v != null) {
        init.put(s.input(), v);
      }
    }
    Map<String, long[]> skip = new HashMap<>();
    json.path("zero_gradient_slices").forEach(z -> skip.put(z.get("param").asText(),
        new long[] {z.get("range").get(0).asLong(), z.get("range").get(1).asLong()}));
    float lr = (float) json.get("lr").asDouble();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<OnnxTensor> owned = new ArrayList<>();
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 2);
        TrainSession ts = p.open(o, init)) {
      Map<String, OnnxTensor> feeds = new HashMap<>();
      for (FeedSpec f : p.feeds()) {
        if (!f.name().equals(StepProgram.LR) && !f.name().equals(StepProgram.STEP)) {
          OnnxTensor t = Tensors.toOrt(env, ref.get("input/" + f.name()));
          owned.add(t);
          feeds.put(f.name(), t);
        }
      }
      OnnxTensor lrT = Tensors.toOrt(env, TensorData.floats(Shape.scalar(), lr));
      owned.add(lrT);
      feeds.put(StepProgram.LR, lrT);
      for (int step = 1; step <= 2; step++) {
        OnnxTensor stepT = Tensors.toOrt(env, TensorData.floats(Shape.scalar(), step));
        owned.add(stepT);
        feeds.put(StepProgram.STEP, stepT);
        ts.step(feeds);
        String pre = step == 1 ? "" : "step2/";
        double lossErr = Math.abs(ts.scalar(StepProgram.LOSS) - ref.get(pre + "loss").getDouble(0))
            / Math.max(1, Math.abs(ref.get(pre + "loss").getDouble(0)));
        assertTrue(lossErr < TOL, fixture + " step " + step + " loss error " + lossErr);
        assertEquals(0.0, ts.scalar(StepProgram.NON_FINITE));
        Map<String, TensorData> state = ts.state();
        int compared = 0;
        int updated = 0;
        for (StateSlot s : p.slots()) {
          String key = refKey(s.input());
          if (!s.updated()) {
            // Constant state (a linear probe's encoder and its BatchNorm statistics) stays bit-identical.
            assertEquals(init.get(s.input()).bytes(), state.get(s.input()).bytes(), fixture + " " + s.input() + " changed");
            continue;
          }
          updated++;
          TensorData want = ref.get(pre + "after/" + key);
          if (want == null) {
            continue;
          }
          double err = maxErr(state.get(s.input()), want, key.startsWith("param/") ? skip.get(s.input()) : null);
          assertTrue(err < TOL, fixture + " step " + step + " " + key + " error " + err);
          compared++;
        }
        assertTrue(compared >= updated - 1 && compared > 0, fixture + ": compared only " + compared + " of " + updated);
      }
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }

  /** Fixture key of a state input: {@code param/x}, {@code buffer/x} or {@code opt/<moment>/x}. */
  private static String refKey(String input) {
    if (input.startsWith("opt.")) {
      int dot = input.indexOf('.', 4);
      return "opt/" + input.substring(4, dot) + "/" + input.substring(dot + 1);
    }
    return input.endsWith("running_mean") || input.endsWith("running_var") ? "buffer/" + input : "param/" + input;
  }

  /** max|a − r| / max(1e-12, max|r|), skipping elements [from, to) when given. */
  private static double maxErr(TensorData a, TensorData r, long[] skipRange) {
    double diff = 0;
    double scale = 1e-12;
    for (int i = 0; i < r.size(); i++) {
      scale = Math.max(scale, Math.abs(r.getDouble(i)));
      if (skipRange != null && i >= skipRange[0] && i < skipRange[1]) {
        continue;
      }
      diff = Math.max(diff, Math.abs(a.getDouble(i) - r.getDouble(i)));
    }
    return diff / scale;
  }
}
