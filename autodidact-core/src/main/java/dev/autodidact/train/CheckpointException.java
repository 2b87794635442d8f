package dev.autodidact.train;

import java.nio.file.Path;

/** A checkpoint that cannot be used: its message names the directory and the reason. */
public final class CheckpointException extends Exception {
  private static final long serialVersionUID = 1L;
  private final transient Path path;

  public CheckpointException(Path path, String reason) {
    super("checkpoint " + path + ": " + reason);
    this.path = path;
  }

  public CheckpointException(Path path, String reason, Throwable cause) {
    super("checkpoint " + path + ": " + reason, cause);
    this.path = path;
  }

  /** The refused checkpoint directory. */
  public Path path() {
    return path;
  }
}
