package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint write that fails like a full disk says so in words and leaves the previous checkpoint valid. */
class CheckpointFaultTest {
  @TempDir Path dir;

  private static TrainerState at(long step) {
    return new TrainerState(TrainerState.FORMAT, step, 0, (int) step, 7, Trainer.recipeJson(dev.autodidact.recipe.Recipe.load(TinyRuns.SIMCLR)),
        null, Map.of(), Map.of("total_steps", 10), 1.0, 1.0, "test", null, List.of());
  }

  @Test
  void fullDiskKeepsThePreviousCheckpointAndSaysSo() throws Exception {
    Map<String, TensorData> state = Map.of("w", TensorData.floats(Shape.of(2), 1f, 2f));
    new CheckpointStore(dir).write(at(2), state, 3);
    CheckpointStore full = new CheckpointStore(dir, tmp -> {
      throw new IOException("No space left on device");
    });
    UserInputException e = assertThrows(UserInputException.class, () -> full.write(at(4), state, 3));
    Path previous = dir.resolve("checkpoints/step-000002");
    assertEquals("cannot write checkpoint " + dir.resolve("checkpoints/step-000004") + ": no space left on device; the"
        + " previous checkpoint " + previous + " is intact (resume from it with --resume once this is fixed)", e.getMessage());
    Checkpoint c = new CheckpointStore(dir).newest(null, false);
    assertEquals(2, c.trainer().step());
    try (Stream<Path> s = Files.list(dir.resolve("checkpoints"))) {
      assertEquals(List.of("step-000002"), s.map(p -> p.getFileName().toString()).toList(), "no partial directory left");
    }
  }

  @Test
  void readOnlyFirstCheckpointSaysThereIsNone() {
    Map<String, TensorData> state = Map.of("w", TensorData.floats(Shape.of(1), 1f));
    CheckpointStore ro = new CheckpointStore(dir, tmp -> {
      throw new java.nio.file.FileSystemException(tmp.toString(), null, "Read-only file system");
    });
    UserInputException e = assertThrows(UserInputException.class, () -> ro.write(at(1), state, 3));
    assertTrue(e.getMessage().endsWith(": read-only file system; no earlier checkpoint exists"), e.getMessage());
  }
}
