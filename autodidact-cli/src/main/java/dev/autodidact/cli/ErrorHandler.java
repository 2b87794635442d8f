package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import picocli.CommandLine;

/**
 * Turns exceptions that escape a command into one clear line and an exit code.
 *
 * <p>{@link UserInputException} and data errors (bad files, bad arguments) map to exit 2; anything else to exit 1, with
 * the stack trace only when {@code AUTODIDACT_DEBUG} is set, because a hospital IT person needs the
 * message, not the trace.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    if (ex instanceof java.nio.file.FileSystemException fs && fs.getFile() != null) {
      // Its message is often only the path: say what failed and why, in words.
      msg = dev.autodidact.artifact.FileErrors.describe("use", java.nio.file.Path.of(fs.getFile()), fs);
    }
    cmd.getErr().println("error: " + msg);
    if (System.getenv("AUTODIDACT_DEBUG") != null) {
      ex.printStackTrace(cmd.getErr());
    }
    boolean badInput = ex instanceof UserInputException || ex instanceof dev.autodidact.data.DataException
        || ex instanceof java.io.IOException io && dev.autodidact.artifact.FileErrors.userFixable(io);
    return badInput ? Main.EXIT_BAD_INPUT : Main.EXIT_FAILURE;
  }
}
