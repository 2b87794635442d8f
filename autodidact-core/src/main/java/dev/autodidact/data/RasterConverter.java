package dev.autodidact.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} into a planar float image with the recipe's channel count.
 *
 * <p>Integer samples are divided by {@code 2^bits - 1} where bits is the colour model's declared depth,
 * so 16-bit grey keeps its precision (no detour through 8-bit {@code getRGB}). Grey becomes RGB by
 * replication; RGB becomes grey with the ITU-R 601 luma weights (what PIL's {@code convert("L")} and
 * torchvision use). Alpha is dropped. Palettes and unusual colour spaces (CMYK that a plugin did not
 * convert, YCbCr TIFF, ...) go through {@code getRGB}, i.e. the colour model's own sRGB conversion.
 *
 * <p>Not thread-safe: owns row and histogram scratch.
 */
final class RasterConverter {

  private int[] row = new int[0];
  private float[] frow = new float[0];
  private int[] histogram = new int[0];

  void convert(BufferedImage image, int channels, Window window, FloatImage into) {
    int w = image.getWidth();
    int h = image.getHeight();
    ColorModel cm = image.getColorModel();
    Raster raster = image.getRaster();
    int type = raster.getDataBuffer().getDataType();
    int csType = cm.getColorSpace().getType();
    int colours = cm.getNumColorComponents();
    boolean direct =
        !(cm instanceof IndexColorModel)
            && ((csType == ColorSpace.TYPE_GRAY && colours == 1)
                || (csType == ColorSpace.TYPE_RGB && colours == 3));
    if (!direct) {
      convertViaRgb(image, channels, into);
      return;
    }
    into.reshape(colours, h, w);
    boolean floating = type == DataBuffer.TYPE_FLOAT || type == DataBuffer.TYPE_DOUBLE;
    if (floating) {
      readFloat(raster, colours, into);
      stretch(into);
    } else if (window.mode() == Window.Mode.PERCENTILE) {
      readInt(raster, colours, 1f, into);
      percentileWindow(into, cm.getComponentSize(0), window);
    } else if (window.mode() == Window.Mode.FIXED) {
      readInt(raster, colours, 1f, into);
      fixedWindow(into, window);
    } else {
      int bits = Math.min(cm.getComponentSize(0), 31);
      float scale = (float) (1.0 / ((1L << bits) - 1));
      readInt(raster, colours, scale, into);
    }
    toChannels(into, channels);
  }

  private void readInt(Raster raster, int colours, float scale, FloatImage into) {
    int w = into.width();
    int h = into.height();
    if (row.length < w) {
      row = new int[w];
    }
    float[] d = into.data();
    int x0 = raster.getMinX();
    int y0 = raster.getMinY();
    for (int c = 0; c < colours; c++) {
      int base = c * h * w;
      for (int y = 0; y < h; y++) {
        raster.getSamples(x0, y0 + y, w, 1, c, row);
        int o = base + y * w;
        for (int x = 0; x < w; x++) {
          d[o + x] = row[x] * scale;
        }
      }
    }
  }

  private void readFloat(Raster raster, int colours, FloatImage into) {
    int w = into.width();
    int h = into.height();
    if (frow.length < w) {
      frow = new float[w];
    }
    float[] d = into.data();
    for (int c = 0; c < colours; c++) {
      for (int y = 0; y < h; y++) {
        raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, c, frow);
        System.arraycopy(frow, 0, d, (c * h + y) * w, w);
      }
    }
  }

  /** Floating-point samples have no declared range: map the image's own min..max to 0..1. */
  private static void stretch(FloatImage img) {
    float[] d = img.data();
    int n = img.size();
    float lo = Float.POSITIVE_INFINITY;
    float hi = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      float v = d[i];
      if (Float.isFinite(v)) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
    }
    float range = hi > lo ? hi - lo : 1f;
    for (int i = 0; i < n; i++) {
      float v = d[i];
      d[i] = Float.isFinite(v) ? (v - lo) / range : 0f;
    }
  }

  /** Raw values in {@code img}; the DICOM linear window on them. */
  private static void fixedWindow(FloatImage img, Window win) {
    float[] d = img.data();
    int n = img.size();
    for (int i = 0; i < n; i++) {
      d[i] = Window.linear(d[i], win.center(), win.width());
    }
  }

  /** Raw integer values in {@code img}; maps the chosen percentiles to 0 and 1. */
  private void percentileWindow(FloatImage img, int bits, Window win) {
    int levels = 1 << Math.min(bits, 16);
    if (histogram.length < levels) {
      histogram = new int[levels];
    }
    java.util.Arrays.fill(histogram, 0, levels, 0);
    float[] d = img.data();
    int n = img.size();
    for (int i = 0; i < n; i++) {
      histogram[Math.min((int) d[i], levels - 1)]++;
    }
    float lo = percentile(levels, n, win.low());
    float hi = percentile(levels, n, win.high());
    if (hi <= lo) {
      hi = lo + 1;
    }
    float inv = 1f / (hi - lo);
    for (int i = 0; i < n; i++) {
      d[i] = Math.min(1f, Math.max(0f, (d[i] - lo) * inv));
    }
  }

  private float percentile(int levels, int n, double pct) {
    long target = (long) Math.ceil(pct / 100.0 * n);
    long seen = 0;
    for (int v = 0; v < levels; v++) {
      seen += histogram[v];
      if (seen >= Math.max(target, 1)) {
        return v;
      }
    }
    return levels - 1;
  }

  private void convertViaRgb(BufferedImage image, int channels, FloatImage into) {
    int w = image.getWidth();
    int h = image.getHeight();
    if (row.length < w) {
      row = new int[w];
    }
    into.reshape(3, h, w);
    float[] d = into.data();
    int plane = h * w;
    float s = 1f / 255f;
    for (int y = 0; y < h; y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      int o = y * w;
      for (int x = 0; x < w; x++) {
        int p = row[x];
        d[o + x] = ((p >> 16) & 0xFF) * s;
        d[plane + o + x] = ((p >> 8) & 0xFF) * s;
        d[2 * plane + o + x] = (p & 0xFF) * s;
      }
    }
    toChannels(into, channels);
  }

  /** Converts in place between 1 and 3 channels. */
  static void toChannels(FloatImage img, int channels) {
    int have = img.channels();
    if (have == channels) {
      return;
    }
    int plane = img.plane();
    if (have == 1 && channels == 3) {
      img.reshape(3, img.height(), img.width());
      float[] d = img.data();
      System.arraycopy(d, 0, d, plane, plane);
      System.arraycopy(d, 0, d, 2 * plane, plane);
    } else if (have == 3 && channels == 1) {
      float[] d = img.data();
      for (int i = 0; i < plane; i++) {
        d[i] = FloatImage.LUMA_R * d[i] + FloatImage.LUMA_G * d[plane + i] + FloatImage.LUMA_B * d[2 * plane + i];
      }
      img.reshape(1, img.height(), img.width());
    } else {
      throw new IllegalArgumentException("cannot convert " + have + " channels to " + channels);
    }
  }
}
