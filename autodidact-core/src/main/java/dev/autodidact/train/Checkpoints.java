package dev.autodidact.train;

import dev.autodidact.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the checkpoint a user means by a path. */
public final class Checkpoints {
  private Checkpoints() {}

  /**
   * {@code path} is one checkpoint directory (holding {@code trainer.json}), a run directory (its newest
   * valid checkpoint under {@code checkpoints/}), or a folder of checkpoints such as a fine-tuning run's
   * {@code RUN/best} (its newest valid one). Hashes are verified.
   *
   * @throws UserInputException when there is none
   */
  public static Checkpoint resolve(Path path) throws IOException, CheckpointException {
    if (!Files.isDirectory(path)) {
      throw new UserInputException(path + ": not a run or checkpoint directory");
    }
    Path abs = path.toAbsolutePath().normalize();
    if (Files.isRegularFile(abs.resolve(CheckpointStore.TRAINER))) {
      return new CheckpointStore(abs.getParent().getParent()).read(abs, null);
    }
    CheckpointStore store = Files.isDirectory(abs.resolve("checkpoints")) ? new CheckpointStore(abs)
        : new CheckpointStore(abs.getParent(), abs.getFileName().toString());
    Checkpoint c = store.newest(null, true);
    if (c == null) {
      throw new UserInputException(path + ": no checkpoint found (expected RUN/checkpoints/step-NNNNNN/ or a"
          + " checkpoint directory)");
    }
    return c;
  }
}
