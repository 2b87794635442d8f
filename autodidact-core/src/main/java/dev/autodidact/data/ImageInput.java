package dev.autodidact.data;

import dev.autodidact.UserInputException;

import java.util.Objects;
import java.util.Optional;

/**
 * What every image-reading command is told about decoding, beside the recipe: a window that replaces
 * the recipe's {@code input.window} (or the one recorded in a checkpoint / {@code encoder.json}), and
 * the pixel limit.
 *
 * <p>Usage: {@code DecodeOptions d = input.decode(recipe.input().channels(), recipe.input().effectiveWindow());}
 *
 * @param window the {@code --window} given, empty for "as recorded"
 * @param maxPixels images over this many pixels are refused from their header
 */
public record ImageInput(Optional<Window> window, long maxPixels) {
  /** Nothing given: the recorded window, the default limit. */
  public static final ImageInput DEFAULT = new ImageInput(Optional.empty(), DecodeOptions.DEFAULT_MAX_PIXELS);

  public ImageInput {
    window = Objects.requireNonNullElse(window, Optional.empty());
    if (maxPixels <= 0) {
      throw new UserInputException("--max-pixels must be positive, got " + maxPixels);
    }
  }

  /** The window to use: the one given, else {@code recorded}. */
  public Window windowOr(Window recorded) {
    return window.orElse(Objects.requireNonNull(recorded, "recorded"));
  }

  /** Decode options for {@code channels}, with the given window or else {@code recorded}. */
  public DecodeOptions decode(int channels, Window recorded) {
    return new DecodeOptions(channels, maxPixels, windowOr(recorded));
  }
}
