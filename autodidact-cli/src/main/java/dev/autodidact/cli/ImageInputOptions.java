package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.ImageInput;
import dev.autodidact.data.Window;
import java.util.Optional;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.Option;

/**
 * {@code --window} and {@code --max-pixels}, shared by every command that reads images: add
 * {@code @Mixin ImageInputOptions image;} and call {@link #value()}.
 */
public final class ImageInputOptions {
  @Option(names = "--window", paramLabel = "none|dicom|percentile:LO,HI|fixed:C,W", converter = WindowConverter.class,
      description = "Intensity window: none (scale by bit depth), dicom (the DICOM header's window; other formats as none),"
          + " percentile:LO,HI (per image, e.g. percentile:0.5,99.5), fixed:CENTER,WIDTH (e.g. fixed:40,400)."
          + " Default: the recipe's input.window, or the one recorded in the checkpoint/encoder.json.")
  Window window;

  @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "" + DecodeOptions.DEFAULT_MAX_PIXELS,
      description = "Refuse images above this many pixels, from their header (default: ${DEFAULT-VALUE}).")
  long maxPixels;

  /** The options as the library's record; a non-positive limit is a user error. */
  public ImageInput value() {
    try {
      return new ImageInput(Optional.ofNullable(window), maxPixels);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  /**
   * Parses {@code --window} with {@link Window#parse}; its message becomes picocli's usage error as is
   * (any other exception type would be printed with its class name).
   */
  public static final class WindowConverter implements ITypeConverter<Window> {
    @Override
    public Window convert(String value) {
      try {
        return Window.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
