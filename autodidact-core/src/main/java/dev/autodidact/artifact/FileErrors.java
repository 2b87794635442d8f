package dev.autodidact.artifact;

import dev.autodidact.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * File-system errors in words. Java's {@link FileSystemException#getMessage()} is often just the path
 * ({@code /x/y}), which tells a user nothing; this names what failed and why.
 *
 * <pre>{@code
 * try {
 *   Files.createDirectories(out);
 * } catch (IOException e) {
 *   throw FileErrors.failed("create run directory", out, e); // "cannot create run directory /x/y: a file with that name exists"
 * }
 * }</pre>
 */
public final class FileErrors {
  private FileErrors() {}

  /** Why {@code e} happened, in a few lower-case words ({@code permission denied}, {@code no space left on device}). */
  public static String reason(IOException e) {
    if (e instanceof FileAlreadyExistsException) {
      return "a file with that name exists";
    }
    if (e instanceof AccessDeniedException a) {
      return a.getReason() != null && a.getReason().toLowerCase(Locale.ROOT).contains("read-only")
          ? "read-only file system" : "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof NotDirectoryException) {
      return "not a directory";
    }
    if (e instanceof DirectoryNotEmptyException) {
      return "the directory is not empty";
    }
    String r = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
    if (r == null || r.isBlank()) {
      return e.getClass().getSimpleName();
    }
    String lower = r.toLowerCase(Locale.ROOT);
    for (String known : KNOWN) {
      if (lower.contains(known)) {
        return known;
      }
    }
    return r;
  }

  private static final String[] KNOWN = {
    "no space left on device", "read-only file system", "disk quota exceeded", "permission denied",
    "not a directory", "is a directory", "file name too long", "too many levels of symbolic links"
  };

  /**
   * True when the user can fix the cause (a name taken, permissions, a read-only or full disk, a missing
   * folder): the CLI answers those with exit 2 rather than 1.
   */
  public static boolean userFixable(IOException e) {
    if (e instanceof FileAlreadyExistsException || e instanceof AccessDeniedException
        || e instanceof NoSuchFileException || e instanceof NotDirectoryException
        || e instanceof DirectoryNotEmptyException) {
      return true;
    }
    String r = reason(e);
    for (String known : KNOWN) {
      if (r.equals(known)) {
        return true;
      }
    }
    return false;
  }

  /** One line: {@code cannot ACTION PATH: REASON}. */
  public static String describe(String action, Path path, IOException e) {
    return "cannot " + action + " " + path + ": " + reason(e);
  }

  /**
   * The exception to throw for a failed file operation: a {@link UserInputException} (exit 2) when the
   * user can fix it, otherwise an {@link UncheckedIOException}; both say what failed and why.
   */
  public static RuntimeException failed(String action, Path path, IOException e) {
    String msg = describe(action, path, e);
    return userFixable(e) ? new UserInputException(msg, e) : new UncheckedIOException(msg, e);
  }
}
