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

  /** {@code raw}: one plane of stored samples; writes {@code out[0..n)}. */
  static void grey(int[] raw, DicomHeader h, Window window, float[] out) {
    int n = h.rows() * h.columns();
    int bits = h.bitsStored();
    int mask = (1 << bits) - 1;
    int signBit = 1 << (bits - 1);
    for (int i = 0; i < n; i++) {
      int v = raw[i] & mask;
      raw[i] = h.signed() && (v & signBit) != 0 ? v - (1 << bits) : v;
    }
    double slope = h.slope() == 0 ? 1 : h.slope();
    double icpt = h.intercept();
    switch (window.mode()) {
      case NONE -> {
        int lo = h.signed() ? -signBit : 0;
        int hi = h.signed() ? signBit - 1 : mask;
        linearRange(raw, n, lo * slope + icpt, hi * slope + icpt, slope, icpt, out);
      }
      case DICOM -> {
        if (Double.isFinite(h.windowCenter()) && Double.isFinite(h.windowWidth()) && h.windowWidth() > 0) {
          voi(raw, n, slope, icpt, h.windowCenter(), h.windowWidth(), h.voiFunction(), out);
        } else {
          int lo = Integer.MAX_VALUE;
          int hi = Integer.MIN_VALUE;
          for (int i = 0; i < n; i++) {
            lo = Math.min(lo, raw[i]);
            hi = Math.max(hi, raw[i]);
          }
          linearRange(raw, n, lo * slope + icpt, hi * slope + icpt, slope, icpt, out);
        }
      }
      case PERCENTILE -> {
        int offset = h.signed() ? signBit : 0;
        int[] hist = new int[mask + 1];
        for (int i = 0; i < n; i++) {
          hist[raw[i] + offset]++;
        }
        int lo = percentile(hist, n, window.low()) - offset;
        int hi = percentile(hist, n, window.high()) - offset;
        linearRange(raw, n, lo * slope + icpt, hi * slope + icpt, slope, icpt, out);
      }
      case FIXED -> {
        for (int i = 0; i < n; i++) {
          out[i] = Window.linear(raw[i] * slope + icpt, window.center(), window.width());
        }
      }
      default -> throw new AssertionError(window.mode());
    }
    if (h.photometric().trim().equalsIgnoreCase("MONOCHROME1")) {
      for (int i = 0; i < n; i++) {
        out[i] = 1f - out[i];
      }
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

  /** Maps modality values {@code lo..hi} (either order) linearly onto [0, 1], clamped. */
  private static void linearRange(int[] raw, int n, double lo, double hi, double slope, double icpt, float[] out) {
    double a = Math.min(lo, hi);
    double b = Math.max(lo, hi);
    double inv = b > a ? 1.0 / (b - a) : 0;
    for (int i = 0; i < n; i++) {
      double m = raw[i] * slope + icpt;
      out[i] = b > a ? (float) Math.min(1, Math.max(0, (m - a) * inv)) : 0f;
    }
  }

  private static void voi(int[] raw, int n, double slope, double icpt, double c, double w, String function, float[] out) {
    String f = function == null ? "LINEAR" : function.trim().toUpperCase(Locale.ROOT);
    for (int i = 0; i < n; i++) {
      double m = raw[i] * slope + icpt;
      out[i] = switch (f) {
        case "SIGMOID" -> (float) (1.0 / (1.0 + Math.exp(-4.0 * (m - c) / w)));
        case "LINEAR_EXACT" -> (float) Math.min(1, Math.max(0, (m - c) / w + 0.5));
        default -> Window.linear(m, c, w);
      };
    }
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
