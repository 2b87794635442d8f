package dev.autodidact.data;

import dev.autodidact.UserInputException;

/**
 * A problem with the user's data (missing files, too many unreadable images, a malformed manifest):
 * the message is one line naming the file and the problem, meant for the person who owns the data.
 * The command line maps it to exit code 2.
 */
public final class DataException extends UserInputException {
  private static final long serialVersionUID = 1L;

  public DataException(String message) {
    super(message);
  }

  public DataException(String message, Throwable cause) {
    super(message, cause);
  }
}
