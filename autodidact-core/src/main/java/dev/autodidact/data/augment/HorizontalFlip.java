package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * Mirrors left–right with probability {@code p}: torchvision {@code RandomHorizontalFlip}, default
 * p = 0.5 (SimCLR, MAE).
 *
 * @param p probability in [0, 1]
 */
public record HorizontalFlip(double p) implements PixelTransform {
  public static final double DEFAULT_P = 0.5;

  public HorizontalFlip {
    Checks.probability(p);
  }

  public static HorizontalFlip of() {
    return new HorizontalFlip(DEFAULT_P);
  }

  @Override
  public void apply(Workspace ws, SampleRandom rng) {
    if (!rng.chance(p)) {
      return;
    }
    FloatImage img = ws.image();
    float[] d = img.data();
    int w = img.width();
    int rows = img.channels() * img.height();
    for (int r = 0; r < rows; r++) {
      for (int a = r * w, b = a + w - 1; a < b; a++, b--) {
        float t = d[a];
        d[a] = d[b];
        d[b] = t;
      }
    }
  }
}
