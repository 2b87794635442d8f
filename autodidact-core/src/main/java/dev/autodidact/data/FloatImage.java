package dev.autodidact.data;

import java.util.Arrays;

/**
 * A planar (CHW) float image, values in [0, 1] before normalisation.
 *
 * <p>Mutable and growable on purpose: worker threads keep one per role and {@link #reshape} it for
 * each sample, so the hot path allocates nothing once the largest image has been seen. The backing
 * array may be longer than {@code channels * height * width}; only that prefix is meaningful.
 */
public final class FloatImage {
  /** ITU-R BT.601 luma weights of R, G, B (PIL's and torchvision's grey conversion). */
  public static final float LUMA_R = 0.299f;
  public static final float LUMA_G = 0.587f;
  public static final float LUMA_B = 0.114f;

  private float[] data;
  private int channels;
  private int height;
  private int width;

  /** An empty image whose storage grows on first {@link #reshape}. */
  public FloatImage() {
    this.data = new float[0];
  }

  /** A zeroed image of the given shape. */
  public FloatImage(int channels, int height, int width) {
    this();
    reshape(channels, height, width);
  }

  /** Wraps {@code data} (CHW, not copied); its length must be at least {@code c*h*w}. */
  public static FloatImage wrap(float[] data, int channels, int height, int width) {
    FloatImage img = new FloatImage();
    img.data = data;
    img.reshape(channels, height, width);
    return img;
  }

  /**
   * Sets the shape, growing the storage if needed. Existing values are kept in storage order (so
   * growing from 1 to 3 channels keeps the first plane); anything beyond is unspecified.
   */
  public FloatImage reshape(int channels, int height, int width) {
    if (channels <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image shape must be positive, got " + channels + "x" + height + "x" + width);
    }
    long n = (long) channels * height * width;
    if (n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("image too large: " + channels + "x" + height + "x" + width);
    }
    if (data.length < n) {
      data = Arrays.copyOf(data, (int) n);
    }
    this.channels = channels;
    this.height = height;
    this.width = width;
    return this;
  }

  /** The backing array (CHW); only the first {@link #size()} values belong to the image. */
  public float[] data() {
    return data;
  }

  public int channels() {
    return channels;
  }

  public int height() {
    return height;
  }

  public int width() {
    return width;
  }

  /** Pixels per channel. */
  public int plane() {
    return height * width;
  }

  /** Values in the image: channels × height × width. */
  public int size() {
    return channels * height * width;
  }

  /** The value at channel {@code c}, row {@code y}, column {@code x}. */
  public float get(int c, int y, int x) {
    return data[(c * height + y) * width + x];
  }

  /** Copies shape and contents from {@code other}. */
  public FloatImage copyFrom(FloatImage other) {
    reshape(other.channels, other.height, other.width);
    System.arraycopy(other.data, 0, data, 0, other.size());
    return this;
  }

  /** A compact copy (storage exactly {@link #size()} long). */
  public FloatImage copy() {
    return wrap(Arrays.copyOf(data, size()), channels, height, width);
  }

  /** Swaps storage and shape with {@code other}; lets two-buffer transforms avoid copying. */
  public void swap(FloatImage other) {
    float[] d = data;
    data = other.data;
    other.data = d;
    int c = channels;
    channels = other.channels;
    other.channels = c;
    int h = height;
    height = other.height;
    other.height = h;
    int w = width;
    width = other.width;
    other.width = w;
  }

  @Override
  public String toString() {
    return "FloatImage[" + channels + "x" + height + "x" + width + "]";
  }
}
