package dev.autodidact.cli;

/** A problem with what the user gave us (a path, a file, an argument): exit code 2, one clear line. */
public final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
