package dev.autodidact.data.augment;

import dev.autodidact.data.SampleRandom;

/**
 * Takes the central {@code size × size} of the (resized) view, torchvision {@code CenterCrop}
 * (offsets rounded the same way). Where the view is smaller than the crop the edge pixels are repeated
 * instead of torchvision's zero padding.
 *
 * @param size output side in pixels
 */
public record CenterCrop(int size) implements GeometricTransform {
  public CenterCrop {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
  }

  @Override
  public void sample(ViewBox box, SampleRandom rng) {
    double sx = box.w / box.outW;
    double sy = box.h / box.outH;
    int top = (int) Math.round((box.outH - size) / 2.0);
    int left = (int) Math.round((box.outW - size) / 2.0);
    box.x += left * sx;
    box.y += top * sy;
    box.w = size * sx;
    box.h = size * sy;
    box.outW = size;
    box.outH = size;
  }
}
