package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * Random brightness, contrast, saturation and hue, applied in a random order, the whole transform with
 * probability {@code p}: torchvision {@code ColorJitter} (tensor semantics: factors drawn uniformly from
 * [max(0, 1 − x), 1 + x], hue shift from [−h, h]) inside {@code RandomApply}. SimCLR (Chen et al. 2020,
 * appendix A) uses (0.8 s, 0.8 s, 0.8 s, 0.2 s) with p = 0.8 for strength s. Saturation and hue do
 * nothing on one-channel images.
 *
 * @param brightness ≥ 0
 * @param contrast ≥ 0
 * @param saturation ≥ 0
 * @param hue in [0, 0.5]
 * @param p probability in [0, 1]
 */
public record ColorJitter(double brightness, double contrast, double saturation, double hue, double p)
    implements PixelTransform {
  /** SimCLR's probability of applying the jitter. */
  public static final double SIMCLR_P = 0.8;

  public ColorJitter {
    Checks.nonNegative("brightness", brightness);
    Checks.nonNegative("contrast", contrast);
    Checks.nonNegative("saturation", saturation);
    if (!(hue >= 0 && hue <= 0.5)) {
      throw new IllegalArgumentException("hue must be in [0, 0.5], got " + hue);
    }
    Checks.probability(p);
  }

  /** SimCLR's jitter for strength {@code s} (1.0 for ImageNet, 0.5 for CIFAR-size images). */
  public static ColorJitter simclr(double s) {
    Checks.nonNegative("strength", s);
    return new ColorJitter(0.8 * s, 0.8 * s, 0.8 * s, Math.min(0.5, 0.2 * s), SIMCLR_P);
  }

  @Override
  public void apply(Workspace ws, SampleRandom rng) {
    if (!rng.chance(p)) {
      return;
    }
    // A permutation of 0..3 without allocating: Fisher–Yates on 4 nibbles of an int.
    int order = 0x3210;
    for (int i = 3; i > 0; i--) {
      int j = rng.nextInt(i + 1);
      int a = (order >> (4 * i)) & 0xF;
      int b = (order >> (4 * j)) & 0xF;
      order = (order & ~(0xF << (4 * i)) & ~(0xF << (4 * j))) | (b << (4 * i)) | (a << (4 * j));
    }
    float fb = (float) rng.uniform(Math.max(0, 1 - brightness), 1 + brightness);
    float fc = (float) rng.uniform(Math.max(0, 1 - contrast), 1 + contrast);
    float fs = (float) rng.uniform(Math.max(0, 1 - saturation), 1 + saturation);
    float fh = (float) rng.uniform(-hue, hue);
    FloatImage img = ws.image();
    for (int i = 0; i < 4; i++) {
      switch ((order >> (4 * i)) & 0xF) {
        case 0:
          if (brightness > 0) {
            Color.brightness(img, fb);
          }
          break;
        case 1:
          if (contrast > 0) {
            Color.contrast(img, fc);
          }
          break;
        case 2:
          if (saturation > 0 && img.channels() == 3) {
            Color.saturation(img, fs);
          }
          break;
        default:
          if (hue > 0 && img.channels() == 3) {
            Color.hue(img, fh);
          }
      }
    }
  }
}
