package dev.autodidact.train;

/** Training stopped because it cannot go on (non-finite loss or state); the message says what to try. */
public final class TrainingFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TrainingFailedException(String message) {
    super(message);
  }
}
