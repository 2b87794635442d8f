package dev.autodidact.data.augment;

/**
 * The region of the source image a view is resampled from, and the output size: what the geometric
 * transforms edit, so that crop and resize become a single resampling pass with no intermediate image.
 * Mutable and reused per thread (one per worker), hence not a record.
 */
public final class ViewBox {
  /** Left edge in source pixels. */
  public double x;
  /** Top edge in source pixels. */
  public double y;
  /** Width in source pixels. */
  public double w;
  /** Height in source pixels. */
  public double h;
  /** Output width in pixels. */
  public int outW;
  /** Output height in pixels. */
  public int outH;
  /** Filter for the final resampling. */
  public Interpolation interpolation = Interpolation.BILINEAR;

  /** The whole source image at its own size. */
  public ViewBox reset(int width, int height) {
    x = 0;
    y = 0;
    w = width;
    h = height;
    outW = width;
    outH = height;
    interpolation = Interpolation.BILINEAR;
    return this;
  }

  @Override
  public String toString() {
    return String.format("ViewBox[%.2f,%.2f %.2fx%.2f -> %dx%d]", x, y, w, h, outW, outH);
  }
}
