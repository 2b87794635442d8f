package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * Inverts every value at or above {@code threshold} with probability {@code p}: torchvision {@code
 * RandomSolarize} on [0, 1] images; BYOL (Grill et al. 2020) uses threshold 0.5 with p 0.2 on its
 * second view.
 *
 * @param threshold in [0, 1], default 0.5
 * @param p probability in [0, 1]
 */
public record Solarize(double threshold, double p) implements PixelTransform {
  public static final double DEFAULT_THRESHOLD = 0.5;

  public Solarize {
    Checks.probability(p);
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
    }
  }

  public static Solarize of(double p) {
    return new Solarize(DEFAULT_THRESHOLD, p);
  }

  @Override
  public void apply(Workspace ws, SampleRandom rng) {
    if (!rng.chance(p)) {
      return;
    }
    FloatImage img = ws.image();
    float[] d = img.data();
    float t = (float) threshold;
    for (int i = 0, n = img.size(); i < n; i++) {
      if (d[i] >= t) {
        d[i] = 1f - d[i];
      }
    }
  }
}
