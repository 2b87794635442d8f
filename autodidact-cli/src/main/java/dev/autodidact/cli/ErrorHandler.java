package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.artifact.FileErrors;
import dev.autodidact.train.TrainingFailedException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine;

/**
 * The one place where exceptions escaping a command become an exit code and one console line.
 *
 * <ul>
 *   <li>{@link UserInputException} (and its subclasses such as {@code DataException}): the user's input
 *       is wrong; exit 2 with its message.
 *   <li>a file-system error the user can fix (a name taken, permission denied, a read-only or full
 *       disk; see {@code FileErrors}): exit 2, saying what failed and why in words, since Java's message
 *       is often only the path.
 *   <li>{@link TrainingFailedException}: the run failed for a reason its message explains (a diverged
 *       loss); exit 1.
 *   <li>anything else is a bug: exit 1, one line, and the stack trace in a log file whose path the line
 *       names, because a hospital IT person needs the message, not the trace, and we need the trace.
 * </ul>
 *
 * <p>{@code AUTODIDACT_DEBUG} set in the environment also prints the trace to the console.
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
    String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    PrintWriter err = cmd.getErr();
    if (System.getenv("AUTODIDACT_DEBUG") != null) {
      ex.printStackTrace(err);
    }
    if (ex instanceof UserInputException) {
      err.println("error: " + msg);
      return Main.EXIT_BAD_INPUT;
    }
    if (ex instanceof java.nio.file.FileSystemException fs && fs.getFile() != null && FileErrors.userFixable(fs)) {
      err.println("error: " + FileErrors.describe("use", Path.of(fs.getFile()), fs));
      return Main.EXIT_BAD_INPUT;
    }
    if (ex instanceof TrainingFailedException) {
      err.println("error: " + msg);
      return Main.EXIT_FAILURE;
    }
    String where = writeTrace(ex);
    err.println("error: " + msg + " (internal error " + ex.getClass().getSimpleName() + "; stack trace in " + where + ")");
    return Main.EXIT_FAILURE;
  }

  /** Writes the trace to a fresh file in the temp directory; returns its path, or why it could not. */
  private static String writeTrace(Exception ex) {
    StringWriter sw = new StringWriter();
    ex.printStackTrace(new PrintWriter(sw));
    try {
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      Path f = Files.createTempFile("autodidact-error-" + stamp + "-", ".log");
      Files.writeString(f, sw.toString(), StandardCharsets.UTF_8);
      return f.toString();
    } catch (IOException | RuntimeException e) {
      return "nowhere (could not write a log file: " + e.getMessage() + "; set AUTODIDACT_DEBUG=1 to print it)";
    }
  }
}
