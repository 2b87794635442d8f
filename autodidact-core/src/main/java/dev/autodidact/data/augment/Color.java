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
        sum += FloatImage.LUMA_R * d[i] + FloatImage.LUMA_G * d[n + i] + FloatImage.LUMA_B * d[2 * n + i];
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
      float y = g * (FloatImage.LUMA_R * r + FloatImage.LUMA_G * gr + FloatImage.LUMA_B * b);
      d[i] = Math.min(1f, Math.max(0f, f * r + y));
      d[n + i] = Math.min(1f, Math.max(0f, f * gr + y));
      d[2 * n + i] = Math.min(1f, Math.max(0f, f * b + y));
    }
  }

  /**
   * Rotates the hue by {@code shift} turns through HSV; RGB only. Uses the closed form of HSV→RGB
   * ({@code f(n) = V − C·clamp(min(k, 4 − k), 0, 1)}, {@code k = (n + 6H) mod 6}), which gives the same
   * result as the six-sector switch without its unpredictable branches.
   */
  static void hue(FloatImage img, float shift) {
    float[] d = img.data();
    int n = img.plane();
    for (int i = 0; i < n; i++) {
      float r = d[i];
      float g = d[n + i];
      float b = d[2 * n + i];
      float max = Math.max(r, Math.max(g, b));
      float chroma = max - Math.min(r, Math.min(g, b));
      if (chroma <= 0f) {
        continue; // grey: hue has no effect
      }
      float inv = 1f / chroma;
      float h = max == r ? (g - b) * inv : max == g ? 2f + (b - r) * inv : 4f + (r - g) * inv;
      h = h * (1f / 6f) + shift;
      h = (h - (float) Math.floor(h)) * 6f;
      d[i] = max - chroma * ramp(h + 5f);
      d[n + i] = max - chroma * ramp(h + 3f);
      d[2 * n + i] = max - chroma * ramp(h + 1f);
    }
  }

  private static float ramp(float k) {
    k = k >= 6f ? k - 6f : k;
    return Math.max(0f, Math.min(1f, Math.min(k, 4f - k)));
  }
}
