package dev.autodidact.data.augment;

import dev.autodidact.data.SampleRandom;

/**
 * Resizes so the shorter side is {@code size}, keeping the aspect ratio (torchvision {@code
 * Resize(int)}); for evaluation, followed by {@link CenterCrop}. Fused into the single resampling pass.
 *
 * @param size target length of the shorter side
 * @param interpolation resampling filter (default bilinear)
 */
public record Resize(int size, Interpolation interpolation) implements GeometricTransform {
  public Resize {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
    if (interpolation == null) {
      throw new IllegalArgumentException("interpolation is required");
    }
  }

  public static Resize of(int size) {
    return new Resize(size, Interpolation.BILINEAR);
  }

  @Override
  public void sample(ViewBox box, SampleRandom rng) {
    // torchvision truncates the long side: int(size * long / short).
    if (box.outW <= box.outH) {
      box.outH = Math.max(1, (int) ((long) size * box.outH / box.outW));
      box.outW = size;
    } else {
      box.outW = Math.max(1, (int) ((long) size * box.outW / box.outH));
      box.outH = size;
    }
    box.interpolation = interpolation;
  }
}
