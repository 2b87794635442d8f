package dev.autodidact.data.loader;

/**
 * A worker failed for a reason other than bad data (a bug, out of memory): surfaced in the consumer's
 * thread with the file that was being processed. The cause carries the worker's stack trace.
 */
public final class LoaderException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LoaderException(String message, Throwable cause) {
    super(message, cause);
  }
}
