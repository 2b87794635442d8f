package dev.autodidact.data;

import dev.autodidact.UserInputException;

/**
 * Percentile windowing for X-ray-like data: the {@code low}-th and {@code high}-th percentiles of an
 * image's raw values map to 0 and 1, values outside are clamped.
 *
 * <p>Why: radiographs often use 10–12 of the 16 bits they are stored in and a few bright markers; a
 * per-image window makes the tissue, not the container, fill the [0, 1] range.
 *
 * @param low lower percentile in [0, 100)
 * @param high upper percentile in (low, 100]
 */
public record Windowing(double low, double high) {
  /** 0.5 % and 99.5 %: trims burned-in text and collimator edges. */
  public static final Windowing DEFAULT = new Windowing(0.5, 99.5);

  public Windowing {
    if (!(low >= 0 && low < high && high <= 100)) {
      throw new UserInputException(
          "windowing needs 0 <= low < high <= 100 (percent), got " + low + ", " + high);
    }
  }
}
