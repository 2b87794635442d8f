package dev.autodidact.testutil;

import dev.autodidact.method.EvalEncoder;
import dev.autodidact.nn.Initializer;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.EncoderExport;
import dev.autodidact.train.Trainer;
import dev.autodidact.train.TrainerState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Trained-looking models for API tests without training: a run directory holding one checkpoint of a
 * recipe's initial weights (seeded), and its exported {@code encoder.onnx} + {@code encoder.json}.
 */
public final class Models {
  /** 8×8 grey ResNet (eval: resize 8, crop 8). */
  public static final Path TINY_GRAY = Path.of("testdata/recipes/tiny-simclr.json");
  /** 64×64 RGB ResNet (eval: resize 73, crop 64). */
  public static final Path TINY_RGB64 = Path.of("testdata/recipes/tiny-rgb-64.json");

  private Models() {}

  /** Writes {@code run}/checkpoints/step-000001 with the seeded initial encoder weights of {@code recipe}. */
  public static Path run(Path recipe, long seed, Path run) throws IOException {
    Recipe r = Recipe.load(recipe);
    EvalEncoder enc = EvalEncoder.build(r, Shape.DYNAMIC);
    Map<String, TensorData> state = new Initializer(seed).values(enc.model().specs(), DType.FLOAT);
    TrainerState t = new TrainerState(TrainerState.FORMAT, 1, 0, 1, seed, Trainer.recipeJson(r), Trainer.recipeJson(r),
        Map.of(), Map.of(), 1.0, 0.0, "test");
    new CheckpointStore(run).write(t, state, 3);
    return run;
  }

  /** A run as above and its encoder exported to {@code run}/encoder.onnx; returns the model path. */
  public static Path encoder(Path recipe, long seed, Path run) throws IOException {
    run(recipe, seed, run);
    Checkpoint c = CheckpointLocator.open(run);
    return EncoderExport.write(c, run.resolve("encoder.onnx")).model();
  }
}
