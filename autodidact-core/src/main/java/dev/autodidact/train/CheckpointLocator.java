package dev.autodidact.train;

import dev.autodidact.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds the checkpoint a user means by a path: a checkpoint directory itself (it holds
 * {@code trainer.json}), a run directory, or a folder of checkpoints such as a fine-tuning run's
 * {@code RUN/best}. From a run or folder, the newest checkpoint, which must be valid: an invalid one is
 * refused naming it and why, never silently replaced by an older one. For commands and APIs that
 * read a trained state without resuming (export, {@code Encoder.load}).
 */
public final class CheckpointLocator {
  private CheckpointLocator() {}

  /** True when {@code dir} is one checkpoint directory (not a run). */
  public static boolean isCheckpoint(Path dir) {
    return Files.isRegularFile(dir.resolve(CheckpointStore.TRAINER));
  }

  /**
   * The checkpoint at or in {@code path}, verified.
   *
   * @throws UserInputException when there is none or it is refused (the message says why)
   */
  public static Checkpoint open(Path path) throws IOException {
    if (!Files.isDirectory(path)) {
      throw new UserInputException(path + ": not a run or checkpoint directory");
    }
    try {
      if (isCheckpoint(path)) {
        return new CheckpointStore(path.toAbsolutePath().getParent().getParent()).read(path, null);
      }
      Path abs = path.toAbsolutePath().normalize();
      CheckpointStore store = Files.isDirectory(abs.resolve("checkpoints")) ? new CheckpointStore(abs)
          : new CheckpointStore(abs.getParent(), abs.getFileName().toString());
      Checkpoint c;
      try {
        // The newest only: silently using an older one would hand out a model the user did not ask for.
        c = store.newest(null, false);
      } catch (CheckpointException e) {
        throw new UserInputException("the newest " + e.getMessage() + "; refusing to use an older one silently: name a"
            + " checkpoint directory to use it (e.g. " + olderExample(store, e.path()) + ")", e);
      }
      if (c == null) {
        throw new UserInputException(path + ": no checkpoint found (expected RUN/checkpoints/step-NNNNNN/)");
      }
      return c;
    } catch (CheckpointException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  private static String olderExample(CheckpointStore store, Path refused) throws IOException {
    for (Path p : store.list()) {
      if (!p.equals(refused)) {
        return p.toString();
      }
    }
    return store.dir().resolve("step-NNNNNN").toString();
  }
}
