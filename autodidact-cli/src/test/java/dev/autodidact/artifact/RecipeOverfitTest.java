package dev.autodidact.artifact;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.step.StepProgram;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.bench.StepBench;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.Tensors;
import dev.autodidact.runtime.TrainSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each bundled recipe's full training step (its own architecture and optimizer) drives the loss down
 * on one fixed small batch in 50 steps: the step graph learns, end to end.
 */
class RecipeOverfitTest {
  /** A constant learning rate per optimizer that makes progress in 50 steps at a tiny batch. */
  private static float lr(Recipe r) {
    return switch (r.optimizer().type()) {
      case "adamw" -> 1e-3f;
      case "lars" -> 0.5f;
      default -> 0.05f;
    };
  }

  @ParameterizedTest
  @ValueSource(strings = {"simclr-resnet-small-28", "simclr-resnet18-cifar", "mae-vit-tiny-28", "mae-vit-tiny-32"})
  void fiftyStepsOnOneBatchLowerTheLoss(String name) throws Exception {
    Recipe recipe = Recipe.load(Path.of("models", name + ".json"));
    int batch = 2;
    StepProgram p = StepBuilder.train(recipe, batch, 42);
    Map<String, TensorData> in = StepBench.randomFeeds(p, new SplittableRandom(3));
    in.put(StepProgram.LR, TensorData.floats(Shape.scalar(), lr(recipe)));
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<OnnxTensor> owned = new ArrayList<>();
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 2);
        TrainSession ts = p.open(o)) {
      Map<String, OnnxTensor> feeds = new HashMap<>();
      for (var e : in.entrySet()) {
        if (!e.getKey().equals(StepProgram.STEP)) {
          OnnxTensor t = Tensors.toOrt(env, e.getValue());
          owned.add(t);
          feeds.put(e.getKey(), t);
        }
      }
      double first = Double.NaN;
      double last = Double.NaN;
      for (int s = 1; s <= 50; s++) {
        OnnxTensor st = Tensors.toOrt(env, TensorData.floats(Shape.scalar(), s));
        feeds.put(StepProgram.STEP, st);
        ts.step(feeds);
        st.close();
        last = ts.scalar(StepProgram.LOSS);
        first = s == 1 ? last : first;
        assertTrue(ts.scalar(StepProgram.NON_FINITE) == 0, name + ": non-finite at step " + s);
      }
      assertTrue(last < 0.7 * first, name + ": loss " + first + " -> " + last);
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }
}
