package dev.autodidact;

/**
 * A problem with what the user gave us (a path, a file, an argument, a recipe field): the CLI maps it
 * to exit code 2 with its message as one clear line. Library code throws it for every check of a
 * user-supplied value; anything else escaping is a bug.
 *
 * <p>It is an {@link IllegalArgumentException} (the user's value is the illegal argument), so callers
 * that validate generically keep working; subclasses name the kind of input ({@code DataException}).
 *
 * <pre>{@code
 * if (batch < 1) {
 *   throw new UserInputException("--batch must be >= 1, got " + batch);
 * }
 * }</pre>
 */
public class UserInputException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public UserInputException(String message) {
    super(message);
  }

  public UserInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
