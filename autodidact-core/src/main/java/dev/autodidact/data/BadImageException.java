package dev.autodidact.data;

/**
 * One image that cannot be used (empty, truncated, not an image, over the pixel limit, ...). Checked,
 * because every caller must decide whether to skip the file or stop.
 */
public final class BadImageException extends Exception {
  private static final long serialVersionUID = 1L;
  private final String source;
  private final String reason;

  public BadImageException(String source, String reason) {
    super(source + ": " + reason);
    this.source = source;
    this.reason = reason;
  }

  /** The file (or IDX entry) that failed. */
  public String source() {
    return source;
  }

  /** Why, in a few words, without the file name. */
  public String reason() {
    return reason;
  }
}
