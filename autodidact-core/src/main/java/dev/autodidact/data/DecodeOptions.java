package dev.autodidact.data;

import dev.autodidact.UserInputException;
import java.util.Optional;

/**
 * How files become float images.
 *
 * @param channels the recipe's channel count, 1 (grey) or 3 (RGB); sources are converted to it
 * @param maxPixels images whose header declares more pixels are refused before decoding, so a
 *     decompression bomb cannot exhaust the heap
 * @param windowing percentile windowing, or empty to scale by the declared bit depth
 */
public record DecodeOptions(int channels, long maxPixels, Optional<Windowing> windowing) {
  /** 50 megapixels: above any radiograph (a 43×43 cm detector at 100 µm is ~18 MP). */
  public static final long DEFAULT_MAX_PIXELS = 50_000_000L;

  public DecodeOptions {
    if (channels != 1 && channels != 3) {
      throw new UserInputException("channels must be 1 or 3, got " + channels);
    }
    if (maxPixels <= 0) {
      throw new UserInputException("maxPixels must be positive, got " + maxPixels);
    }
    windowing = windowing == null ? Optional.empty() : windowing;
  }

  /** Default limit, no windowing. */
  public static DecodeOptions of(int channels) {
    return new DecodeOptions(channels, DEFAULT_MAX_PIXELS, Optional.empty());
  }

  public DecodeOptions withMaxPixels(long max) {
    return new DecodeOptions(channels, max, windowing);
  }

  public DecodeOptions withWindowing(Windowing w) {
    return new DecodeOptions(channels, maxPixels, Optional.of(w));
  }
}
