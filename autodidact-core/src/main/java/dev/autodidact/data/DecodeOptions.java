package dev.autodidact.data;

import dev.autodidact.UserInputException;

/**
 * How files become float images.
 *
 * @param channels the recipe's channel count, 1 (grey) or 3 (RGB); sources are converted to it
 * @param maxPixels images whose header declares more pixels are refused before decoding, so a
 *     decompression bomb cannot exhaust the heap
 * @param window how raw values become [0, 1] ({@link Window})
 */
public record DecodeOptions(int channels, long maxPixels, Window window) {
  /** 50 megapixels: above any radiograph (a 43×43 cm detector at 100 µm is ~18 MP). */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  public DecodeOptions {
    if (channels != 1 && channels != 3) {
      throw new UserInputException("channels must be 1 or 3, got " + channels);
    }
    if (maxPixels <= 0) {
      throw new UserInputException("maxPixels must be positive, got " + maxPixels);
    }
    window = window == null ? Window.DEFAULT : window;
  }

  /** Default limit and window ({@link Window#DEFAULT}). */
  public static DecodeOptions of(int channels) {
    return new DecodeOptions(channels, DEFAULT_MAX_PIXELS, Window.DEFAULT);
  }

  public DecodeOptions withMaxPixels(long max) {
    return new DecodeOptions(channels, max, window);
  }

  public DecodeOptions withWindow(Window w) {
    return new DecodeOptions(channels, maxPixels, w);
  }
}
