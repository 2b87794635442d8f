package dev.autodidact.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.method.OnlineProbe;
import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.StateSlot;
import dev.autodidact.runtime.TrainSession;
import dev.autodidact.testutil.Fixtures;
import dev.autodidact.runtime.Tensors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The online probe never changes the method's update: a step with the probe leaves every parameter,
 * BatchNorm buffer and optimizer moment of the step without it bit-identical — with global
 * gradient-norm clipping, LARS trust ratios and the flat optimizer layout — while its own parameters
 * learn.
 */
class OnlineProbeStepTest {
  private static final int CLASSES = 3;

  @ParameterizedTest
  @CsvSource({"simclr-sgd,per-tensor,", "simclr-sgd,flat,1.0", "simclr-lars,per-tensor,0.5", "mae-adamw,per-tensor,0.5",
      "mae-adamw,flat,"})
  void encoderUpdateIsBitIdentical(String fixture, String layout, Double clip) throws Exception {
    Recipe recipe = withClip(Fixtures.recipe(fixture), clip);
    int batch = recipe.train().batch();
    BuildOptions options = BuildOptions.parse(Map.of("optim.layout", layout));
    StepProgram plain = StepBuilder.train(recipe, batch, 3, options, 1);
    StepProgram probed = StepBuilder.trainWithProbe(recipe, batch, 3, options, CLASSES);
    Map<String, TensorData> inputs = Fixtures.tensors(fixture);

    Map<String, TensorData> a = run(plain, inputs, batch);
    Map<String, TensorData> b = run(probed, inputs, batch);
    int probeState = 0;
    for (String k : b.keySet()) {
      if (OnlineProbe.owns(k)) {
        probeState++;
        assertFalse(a.containsKey(k), k);
      } else {
        assertTrue(a.containsKey(k), "extra state " + k);
      }
    }
    assertEquals(a.size() + probeState, b.size());
    assertEquals(6, probeState); // weight and bias, and their two AdamW moments each
    for (String k : a.keySet()) {
      assertEquals(a.get(k).bytes(), b.get(k).bytes(), fixture + " " + layout + ": " + k + " differs");
    }
    String w = OnlineProbe.SCOPE + ".classifier.weight";
    assertNotEquals(probed.initialState().get(w).bytes(), b.get(w).bytes(), "the probe did not learn");
  }

  /** Three steps from the initial state on the fixture's inputs; probe labels drawn, a third of rows unlabelled. */
  private static Map<String, TensorData> run(StepProgram p, Map<String, TensorData> fixture, int batch)
      throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<OnnxTensor> owned = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(11);
    long[] labels = new long[batch];
    float[] mask = new float[batch];
    for (int i = 0; i < batch; i++) {
      labels[i] = rng.nextInt(CLASSES);
      mask[i] = i % 3 == 2 ? 0f : 1f;
    }
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 1); TrainSession ts = p.open(o)) {
      Map<String, OnnxTensor> feeds = new HashMap<>();
      for (FeedSpec f : p.feeds()) {
        TensorData v = switch (f.name()) {
          case StepProgram.LR -> TensorData.floats(Shape.scalar(), 0.1f);
          case StepProgram.STEP -> null;
          case OnlineProbe.LABELS -> TensorData.longs(Shape.of(batch), labels);
          case OnlineProbe.MASK -> TensorData.floats(Shape.of(batch), mask);
          default -> fixture.get("input/" + f.name());
        };
        if (v != null) {
          OnnxTensor t = Tensors.toOrt(env, v);
          owned.add(t);
          feeds.put(f.name(), t);
        }
      }
      for (int step = 1; step <= 3; step++) {
        OnnxTensor s = Tensors.toOrt(env, TensorData.floats(Shape.scalar(), step));
        owned.add(s);
        feeds.put(StepProgram.STEP, s);
        ts.step(feeds);
        if (p.scalars().contains(OnlineProbe.COUNT)) {
          assertEquals(batch - batch / 3, ts.scalar(OnlineProbe.COUNT)); // unlabelled rows are not counted
          double correct = ts.scalar(OnlineProbe.CORRECT);
          assertTrue(correct >= 0 && correct <= batch - batch / 3, "correct " + correct);
          assertTrue(ts.scalar(OnlineProbe.LOSS) > 0);
        }
      }
      for (StateSlot slot : p.slots()) {
        assertTrue(ts.state().containsKey(slot.input()));
      }
      return ts.state();
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }

  private static Recipe withClip(Recipe r, Double clip) {
    Recipe.Optimizer o = r.optimizer();
    Recipe.Optimizer c = new Recipe.Optimizer(o.type(), o.baseLr(), o.lrScaling(), o.momentum(), o.betas(), o.eps(),
        o.weightDecay(), o.trustCoefficient(), clip);
    return new Recipe(r.name(), r.method(), r.input(), r.encoder(), r.simclr(), r.mae(), r.classifier(), c,
        r.schedule(), r.augment(), r.train(), r.finetune());
  }
}
