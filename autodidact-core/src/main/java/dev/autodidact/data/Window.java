package dev.autodidact.data;

import dev.autodidact.UserInputException;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How raw sample values become [0, 1]: the intensity window. Written and parsed as the strings of
 * {@code --window} and the recipe's {@code input.window}: {@code none}, {@code dicom}, {@code
 * percentile:LO,HI}, {@code fixed:CENTER,WIDTH}.
 *
 * <ul>
 *   <li>{@code none}: integer samples divided by {@code 2^bits - 1} (bits declared by the file); DICOM
 *       maps the full stored range (after rescale) to [0, 1].
 *   <li>{@code dicom}: DICOM files use the window their header names (VOI LUT, else the first Window
 *       Center/Width, else the image's own min..max); other formats as {@code none}. The default.
 *   <li>{@code percentile:LO,HI}: the image's LO-th and HI-th percentiles map to 0 and 1, clamped.
 *       Radiographs often use 10–12 of their 16 bits and a few bright markers; a per-image window makes
 *       the tissue, not the container, fill the range.
 *   <li>{@code fixed:CENTER,WIDTH}: the DICOM linear window (PS3.3 C.11.2.1.2) on raw values (DICOM:
 *       after Rescale Slope/Intercept, e.g. Hounsfield units), the same for every image.
 * </ul>
 *
 * <p>Usage: {@code new DecodeOptions(1, DecodeOptions.DEFAULT_MAX_PIXELS, Window.parse("fixed:40,400"))}.
 *
 * @param mode which window
 * @param a percentile low or window center (0 for none/dicom)
 * @param b percentile high or window width (0 for none/dicom)
 */
public record Window(Mode mode, double a, double b) {
  /** The kinds of window. */
  public enum Mode {
    NONE,
    DICOM,
    PERCENTILE,
    FIXED
  }

  /** What a recipe without {@code input.window} gets. */
  public static final Window DEFAULT = dicom();

  /** 0.5 % and 99.5 %: trims burned-in text and collimator edges. */
  public static final Window PERCENTILE_DEFAULT = percentile(0.5, 99.5);

  public static final String SYNTAX = "none|dicom|percentile:LO,HI|fixed:CENTER,WIDTH";

  public Window {
    if (mode == null) {
      throw new UserInputException("window mode missing");
    }
    switch (mode) {
      case NONE, DICOM -> {
        if (a != 0 || b != 0) {
          throw new UserInputException("window " + mode.name().toLowerCase(Locale.ROOT) + " takes no values");
        }
      }
      case PERCENTILE -> {
        if (!(a >= 0 && a < b && b <= 100)) {
          throw new UserInputException("window percentile:LO,HI needs 0 <= LO < HI <= 100 (percent), got " + fmt(a) + "," + fmt(b));
        }
      }
      case FIXED -> {
        if (!(Double.isFinite(a) && Double.isFinite(b) && b >= 1)) {
          throw new UserInputException("window fixed:CENTER,WIDTH needs a finite center and WIDTH >= 1, got " + fmt(a) + "," + fmt(b));
        }
      }
      default -> throw new AssertionError(mode);
    }
  }

  public static Window none() {
    return new Window(Mode.NONE, 0, 0);
  }

  public static Window dicom() {
    return new Window(Mode.DICOM, 0, 0);
  }

  public static Window percentile(double low, double high) {
    return new Window(Mode.PERCENTILE, low, high);
  }

  public static Window fixed(double center, double width) {
    return new Window(Mode.FIXED, center, width);
  }

  /**
   * Parses {@code none}, {@code dicom}, {@code percentile:LO,HI} or {@code fixed:CENTER,WIDTH}.
   *
   * @throws IllegalArgumentException naming the expected syntax
   */
  @JsonCreator
  public static Window parse(String spec) {
    if (spec == null) {
      throw new UserInputException("window missing; expected " + SYNTAX);
    }
    String s = spec.trim().toLowerCase(Locale.ROOT);
    int colon = s.indexOf(':');
    String head = colon < 0 ? s : s.substring(0, colon);
    switch (head) {
      case "none":
      case "dicom":
        if (colon >= 0) {
          break;
        }
        return head.equals("none") ? none() : dicom();
      case "percentile":
      case "fixed":
        if (colon < 0) {
          break;
        }
        String[] v = s.substring(colon + 1).split(",", -1);
        if (v.length != 2) {
          break;
        }
        double x;
        double y;
        try {
          x = Double.parseDouble(v[0].trim());
          y = Double.parseDouble(v[1].trim());
        } catch (NumberFormatException e) {
          break;
        }
        return head.equals("fixed") ? fixed(x, y) : percentile(x, y);
      default:
        break;
    }
    throw new UserInputException("window `" + spec + "`: expected " + SYNTAX);
  }

  /** Percentile low (only for {@link Mode#PERCENTILE}). */
  public double low() {
    require(Mode.PERCENTILE);
    return a;
  }

  /** Percentile high (only for {@link Mode#PERCENTILE}). */
  public double high() {
    require(Mode.PERCENTILE);
    return b;
  }

  /** Window center (only for {@link Mode#FIXED}). */
  public double center() {
    require(Mode.FIXED);
    return a;
  }

  /** Window width (only for {@link Mode#FIXED}). */
  public double width() {
    require(Mode.FIXED);
    return b;
  }

  private void require(Mode m) {
    if (mode != m) {
      throw new IllegalStateException("window " + this + " is not " + m.name().toLowerCase(Locale.ROOT));
    }
  }

  /**
   * The DICOM linear VOI function (PS3.3 C.11.2.1.2.1) to [0, 1]: below {@code c - 0.5 - (w-1)/2} is 0,
   * above {@code c - 0.5 + (w-1)/2} is 1, linear between.
   */
  public static float linear(double value, double center, double width) {
    if (width <= 1) {
      return value <= center - 0.5 ? 0f : 1f;
    }
    double y = ((value - (center - 0.5)) / (width - 1)) + 0.5;
    return (float) Math.min(1, Math.max(0, y));
  }

  /** The spec string ({@code percentile:0.5,99.5}); {@link #parse} reads it back. */
  @JsonValue
  @Override
  public String toString() {
    String m = mode.name().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case NONE, DICOM -> m;
      case PERCENTILE, FIXED -> m + ":" + fmt(a) + "," + fmt(b);
    };
  }

  private static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
