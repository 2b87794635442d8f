package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * Mirrors top–bottom with probability {@code p}: torchvision {@code RandomVerticalFlip}, default 0.5.
 * Not in the natural-image presets (gravity matters there); useful for microscopy.
 *
 * @param p probability in [0, 1]
 */
public record VerticalFlip(double p) implements PixelTransform {
  public static final double DEFAULT_P = 0.5;

  public VerticalFlip {
    Checks.probability(p);
  }

  public static VerticalFlip of() {
    return new VerticalFlip(DEFAULT_P);
  }

  @Override
  public void apply(Workspace ws, SampleRandom rng) {
    if (!rng.chance(p)) {
      return;
    }
    FloatImage img = ws.image();
    float[] d = img.data();
    int w = img.width();
    int h = img.height();
    float[] tmp = ws.row(w);
    for (int c = 0; c < img.channels(); c++) {
      int base = c * h * w;
      for (int a = 0, b = h - 1; a < b; a++, b--) {
        System.arraycopy(d, base + a * w, tmp, 0, w);
        System.arraycopy(d, base + b * w, d, base + a * w, w);
        System.arraycopy(tmp, 0, d, base + b * w, w);
      }
    }
  }
}
