package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * With probability {@code p}, replaces an RGB view by its luma (0.299 R + 0.587 G + 0.114 B) in all
 * three channels: torchvision {@code RandomGrayscale}, SimCLR p = 0.2. A no-op on one-channel views
 * (the draw still happens, so the random stream does not depend on the channel count).
 *
 * @param p probability in [0, 1]
 */
public record RandomGrayscale(double p) implements PixelTransform {
  public static final double SIMCLR_P = 0.2;

  public RandomGrayscale {
    Checks.probability(p);
  }

  @Override
  public void apply(Workspace ws, SampleRandom rng) {
    if (!rng.chance(p) || ws.image().channels() != 3) {
      return;
    }
    toGray(ws.image());
  }

  static void toGray(FloatImage img) {
    float[] d = img.data();
    int n = img.plane();
    for (int i = 0; i < n; i++) {
      float g = FloatImage.LUMA_R * d[i] + FloatImage.LUMA_G * d[n + i] + FloatImage.LUMA_B * d[2 * n + i];
      d[i] = g;
      d[n + i] = g;
      d[2 * n + i] = g;
    }
  }
}
