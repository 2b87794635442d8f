package dev.autodidact;

/**
 * A problem with what the user gave us (a path, a file, an argument, a recipe field): the CLI maps it
 * to exit code 2 with its message as one clear line. Library code throws it for every check of a
 * user-supplied value; anything else escaping is a bug.
 */
public final class UserInputException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
