package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;

/**
 * The colour adjustments behind {@link ColorJitter}, following torchvision's tensor functional ops
 * ({@code adjust_brightness/contrast/saturation/hue}) on [0, 1] CHW data.
 */
final class Color {
  private Color() {}

  static void brightness(FloatImage img, float f) {
    float[] d = img.data();
    for (int i = 0, n = img.size(); i < n; i++) {
      d[i] = Math.min(1f, d[i] * f);
    }
  }

  /** Blends with the mean grey level of the whole image. */
  static void contrast(FloatImage img, float f) {
    float[] d = img.data();
    int n = img.plane();
    double sum = 0;
    if (img.channels() == 3) {
      for (int i = 0; i < n; i++) {
        sum += 0.299f * d[i] + 0.587f * d[n + i] + 0.114f * d[2 * n + i];
      }
    } else {
      for (int i = 0; i < n; i++) {
        sum += d[i];
      }
    }
    float bias = (1f - f) * (float) (sum / n);
    for (int i = 0, m = img.size(); i < m; i++) {
      d[i] = Math.min(1f, Math.max(0f, f * d[i] + bias));
    }
  }

  /** Blends each pixel with its own grey level; RGB only. */
  static void saturation(FloatImage img, float f) {
    float[] d = img.data();
    int n = img.plane();
    float g = 1f - f;
    for (int i = 0; i < n; i++) {
      float r = d[i];
      float gr = d[n + i];
      float b = d[2 * n + i];
      float y = g * (0.299f * r + 0.587f * gr + 0.114f * b);
      d[i] = Math.min(1f, Math.max(0f, f * r + y));
      d[n + i] = Math.min(1f, Math.max(0f, f * gr + y));
      d[2 * n + i] = Math.min(1f, Math.max(0f, f * b + y));
    }
  }

  /** Rotates the hue by {@code shift} turns through HSV; RGB only. */
  static void hue(FloatImage img, float shift) {
    float[] d = img.data();
    int n = img.plane();
    for (int i = 0; i < n; i++) {
      float r = d[i];
      float g = d[n + i];
      float b = d[2 * n + i];
      float max = Math.max(r, Math.max(g, b));
      float min = Math.min(r, Math.min(g, b));
      float chroma = max - min;
      if (chroma <= 0f) {
        continue; // grey: hue has no effect
      }
      float h;
      if (max == r) {
        h = (g - b) / chroma;
      } else if (max == g) {
        h = 2f + (b - r) / chroma;
      } else {
        h = 4f + (r - g) / chroma;
      }
      h = h / 6f + shift;
      h -= (float) Math.floor(h);
      float s = chroma / max;
      float v = max;
      float h6 = h * 6f;
      int sector = (int) h6;
      float frac = h6 - sector;
      float p = v * (1f - s);
      float q = v * (1f - s * frac);
      float t = v * (1f - s * (1f - frac));
      switch (sector) {
        case 0:
          r = v; g = t; b = p;
          break;
        case 1:
          r = q; g = v; b = p;
          break;
        case 2:
          r = p; g = v; b = t;
          break;
        case 3:
          r = p; g = q; b = v;
          break;
        case 4:
          r = t; g = p; b = v;
          break;
        default:
          r = v; g = p; b = q;
      }
      d[i] = r;
      d[n + i] = g;
      d[2 * n + i] = b;
    }
  }
}
