package dev.autodidact.data.dicom;

import dev.autodidact.data.Window;
import java.util.Locale;

/**
 * Stored values to [0, 1]: Bits Stored masking and sign extension, the modality rescale
 * ({@code m = stored * slope + intercept}), the window, and MONOCHROME1 inversion (there, low values are
 * white). The window modes are those of {@link Window}:
 *
 * <ul>
 *   <li>{@code none}: the representable stored range (e.g. 0..4095 for 12 unsigned bits), rescaled, maps
 *       linearly to [0, 1];
 *   <li>{@code dicom}: the header's first Window Center/Width with its VOI LUT Function (LINEAR,
 *       LINEAR_EXACT or SIGMOID; PS3.3 C.11.2.1.2–3); without a window, the image's min..max;
 *   <li>{@code percentile:LO,HI}: the image's percentiles (nearest rank) of the rescaled values;
 *   <li>{@code fixed:C,W}: the LINEAR function with the given center and width on rescaled values.
 * </ul>
 */
final class DicomWindow {
  private DicomWindow() {}

  /**
   * {@code raw}: one plane of stored samples; writes {@code out[0..n)}. The window is evaluated once per
   * possible stored value (at most 2^16) into a table, then looked up per pixel.
   */
  static void grey(int[] raw, DicomHeader h, Window window, float[] out) {
    int n = h.rows() * h.columns();
    int bits = h.bitsStored();
    int mask = (1 << bits) - 1;
    int signBit = 1 << (bits - 1);
    int offset = h.signed() ? signBit : 0;
    // index = stored value + offset, in [0, 2^bits)
    for (int i = 0; i < n; i++) {
      int v = raw[i] & mask;
      raw[i] = (h.signed() && (v & signBit) != 0 ? v - (1 << bits) : v) + offset;
    }
    double slope = h.slope() == 0 ? 1 : h.slope();
    double icpt = h.intercept();
    int levels = mask + 1;
    float[] lut = new float[levels];
    switch (window.mode()) {
      case NONE -> linearRange(lut, offset, slope, icpt, 0, levels - 1);
      case DICOM -> {
        if (Double.isFinite(h.windowCenter()) && Double.isFinite(h.windowWidth()) && h.windowWidth() > 0) {
          voi(lut, offset, slope, icpt, h.windowCenter(), h.windowWidth(), h.voiFunction());
        } else {
          int[] hist = histogram(raw, n, levels);
          linearRange(lut, offset, slope, icpt, percentile(hist, n, 0), lastUsed(hist));
        }
      }
      case PERCENTILE -> {
        int[] hist = histogram(raw, n, levels);
        linearRange(lut, offset, slope, icpt, percentile(hist, n, window.low()), percentile(hist, n, window.high()));
      }
      case FIXED -> {
        for (int v = 0; v < levels; v++) {
          lut[v] = Window.linear((v - offset) * slope + icpt, window.center(), window.width());
        }
      }
      default -> throw new AssertionError(window.mode());
    }
    if (h.photometric().trim().equalsIgnoreCase("MONOCHROME1")) {
      for (int v = 0; v < levels; v++) {
        lut[v] = 1f - lut[v];
      }
    }
    for (int i = 0; i < n; i++) {
      out[i] = lut[raw[i]];
    }
  }

  /** {@code raw}: three planes of 8-bit samples (already RGB); windows other than fixed scale by 255. */
  static void colour(int[] raw, DicomHeader h, Window window, float[] out) {
    int n = 3 * h.rows() * h.columns();
    int max = (1 << h.bitsStored()) - 1;
    for (int i = 0; i < n; i++) {
      int v = raw[i] & max;
      out[i] = window.mode() == Window.Mode.FIXED ? Window.linear(v, window.center(), window.width()) : v / (float) max;
    }
  }

  /** Maps the modality values of indices {@code lo..hi} linearly onto [0, 1] (either order), clamped. */
  private static void linearRange(float[] lut, int offset, double slope, double icpt, int lo, int hi) {
    double ma = (lo - offset) * slope + icpt;
    double mb = (hi - offset) * slope + icpt;
    double a = Math.min(ma, mb);
    double b = Math.max(ma, mb);
    for (int v = 0; v < lut.length; v++) {
      double m = (v - offset) * slope + icpt;
      lut[v] = b > a ? (float) Math.min(1, Math.max(0, (m - a) / (b - a))) : 0f;
    }
  }

  /** The header's VOI LUT Function (PS3.3 C.11.2.1.2–3) with its center and width. */
  private static void voi(float[] lut, int offset, double slope, double icpt, double c, double w, String function) {
    String f = function == null ? "LINEAR" : function.trim().toUpperCase(Locale.ROOT);
    for (int v = 0; v < lut.length; v++) {
      double m = (v - offset) * slope + icpt;
      lut[v] = switch (f) {
        case "SIGMOID" -> (float) (1.0 / (1.0 + Math.exp(-4.0 * (m - c) / w)));
        case "LINEAR_EXACT" -> (float) Math.min(1, Math.max(0, (m - c) / w + 0.5));
        default -> Window.linear(m, c, w);
      };
    }
  }

  private static int[] histogram(int[] idx, int n, int levels) {
    int[] hist = new int[levels];
    for (int i = 0; i < n; i++) {
      hist[idx[i]]++;
    }
    return hist;
  }

  private static int lastUsed(int[] hist) {
    for (int v = hist.length - 1; v > 0; v--) {
      if (hist[v] > 0) {
        return v;
      }
    }
    return 0;
  }

  /** The smallest index v with count(<= v) >= ceil(pct% of n) (nearest rank). */
  private static int percentile(int[] hist, int n, double pct) {
    long target = Math.max(1, (long) Math.ceil(pct / 100.0 * n));
    long seen = 0;
    for (int v = 0; v < hist.length; v++) {
      seen += hist[v];
      if (seen >= target) {
        return v;
      }
    }
    return hist.length - 1;
  }
}
