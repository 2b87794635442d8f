package dev.autodidact.data.augment;

import dev.autodidact.data.SampleRandom;

/**
 * Crops a random area and aspect ratio, then resizes to {@code size × size}: torchvision's {@code
 * RandomResizedCrop} (same sampling: up to 10 tries of area ∈ scale · A and log-uniform ratio, then a
 * centre crop with the ratio clamped), as used by SimCLR (Chen et al. 2020, scale 0.08–1) and MAE (He
 * et al. 2022, scale 0.2–1, bicubic). The crop and the resize are one resampling pass.
 *
 * @param size output side in pixels
 * @param minScale smallest crop area as a fraction of the image (default 0.08)
 * @param maxScale largest crop area fraction (default 1)
 * @param minRatio smallest width/height ratio (default 3/4)
 * @param maxRatio largest ratio (default 4/3)
 * @param interpolation resampling filter (default bilinear)
 */
public record RandomResizedCrop(
    int size, double minScale, double maxScale, double minRatio, double maxRatio, Interpolation interpolation)
    implements GeometricTransform {
  public static final double DEFAULT_MIN_SCALE = 0.08;
  public static final double DEFAULT_MAX_SCALE = 1.0;
  public static final double DEFAULT_MIN_RATIO = 3.0 / 4.0;
  public static final double DEFAULT_MAX_RATIO = 4.0 / 3.0;

  public RandomResizedCrop {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
    if (!(minScale > 0 && minScale <= maxScale && maxScale <= 1)) {
      throw new IllegalArgumentException("need 0 < minScale <= maxScale <= 1, got " + minScale + ", " + maxScale);
    }
    if (!(minRatio > 0 && minRatio <= maxRatio)) {
      throw new IllegalArgumentException("need 0 < minRatio <= maxRatio, got " + minRatio + ", " + maxRatio);
    }
    if (interpolation == null) {
      throw new IllegalArgumentException("interpolation is required");
    }
  }

  /** torchvision defaults: scale 0.08–1, ratio 3/4–4/3, bilinear. */
  public static RandomResizedCrop of(int size) {
    return new RandomResizedCrop(size, DEFAULT_MIN_SCALE, DEFAULT_MAX_SCALE, DEFAULT_MIN_RATIO, DEFAULT_MAX_RATIO, Interpolation.BILINEAR);
  }

  /** Defaults with another scale range. */
  public static RandomResizedCrop of(int size, double minScale, double maxScale) {
    return new RandomResizedCrop(size, minScale, maxScale, DEFAULT_MIN_RATIO, DEFAULT_MAX_RATIO, Interpolation.BILINEAR);
  }

  public RandomResizedCrop withInterpolation(Interpolation i) {
    return new RandomResizedCrop(size, minScale, maxScale, minRatio, maxRatio, i);
  }

  @Override
  public void sample(ViewBox box, SampleRandom rng) {
    int width = Math.max(1, (int) Math.round(box.w));
    int height = Math.max(1, (int) Math.round(box.h));
    double area = (double) width * height;
    double logLo = Math.log(minRatio);
    double logHi = Math.log(maxRatio);
    int cw = -1;
    int ch = -1;
    for (int attempt = 0; attempt < 10; attempt++) {
      double target = area * rng.uniform(minScale, maxScale);
      double ratio = Math.exp(rng.uniform(logLo, logHi));
      int w = (int) Math.round(Math.sqrt(target * ratio));
      int h = (int) Math.round(Math.sqrt(target / ratio));
      if (w > 0 && w <= width && h > 0 && h <= height) {
        cw = w;
        ch = h;
        break;
      }
    }
    int top;
    int left;
    if (cw > 0) {
      top = rng.nextInt(height - ch + 1);
      left = rng.nextInt(width - cw + 1);
    } else {
      double inRatio = (double) width / height;
      if (inRatio < minRatio) {
        cw = width;
        ch = (int) Math.round(cw / minRatio);
      } else if (inRatio > maxRatio) {
        ch = height;
        cw = (int) Math.round(ch * maxRatio);
      } else {
        cw = width;
        ch = height;
      }
      top = (height - ch) / 2;
      left = (width - cw) / 2;
    }
    double sx = box.w / width;
    double sy = box.h / height;
    box.x += left * sx;
    box.y += top * sy;
    box.w = cw * sx;
    box.h = ch * sy;
    box.outW = size;
    box.outH = size;
    box.interpolation = interpolation;
  }
}
