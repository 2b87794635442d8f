package dev.autodidact.data.augment;

/** Resampling filter, as in PIL / torchvision ({@code InterpolationMode}). */
public enum Interpolation {
  /** Triangle filter, support 1. */
  BILINEAR(1.0),
  /** Keys cubic with a = -0.5 (PIL's), support 2. */
  BICUBIC(2.0);

  final double support;

  Interpolation(double support) {
    this.support = support;
  }

  double weight(double x) {
    x = Math.abs(x);
    if (this == BILINEAR) {
      return x < 1.0 ? 1.0 - x : 0.0;
    }
    final double a = -0.5;
    if (x < 1.0) {
      return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    }
    if (x < 2.0) {
      return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    }
    return 0.0;
  }
}
