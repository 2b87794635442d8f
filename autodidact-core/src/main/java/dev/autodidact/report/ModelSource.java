package dev.autodidact.report;

import dev.autodidact.onnx.TensorData;
import dev.autodidact.method.Mae;
import dev.autodidact.method.Methods;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What the report knows of the model beyond its encoder: the training recipe, the checkpoint's state
 * (the MAE decoder for reconstructions) and step. Only runs and checkpoint directories have these; an
 * exported {@code encoder.onnx} does not ({@link #open} returns null).
 *
 * @param recipe the training recipe
 * @param state every state tensor of the checkpoint
 * @param step the checkpoint's step
 */
record ModelSource(Recipe recipe, Map<String, TensorData> state, long step) {
  /** The checkpoint at or in {@code path} (run or checkpoint directory), or null for an exported model. */
  static ModelSource open(Path path) throws IOException {
    if (!Files.isDirectory(path) || Files.isRegularFile(path.resolve("encoder.onnx"))) {
      return null;
    }
    Checkpoint c = CheckpointLocator.open(path);
    return new ModelSource(Recipe.parse(c.trainer().recipe().toString()), c.state(), c.trainer().step());
  }

  /** True when reconstructions can be drawn: an MAE recipe with its full state (decoder included). */
  boolean isMae() {
    return recipe != null && state != null && Methods.byName(recipe.method()) == Mae.METHOD;
  }
}
