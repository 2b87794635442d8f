package dev.autodidact.data.augment;

/** Parameter validation shared by the transform records. */
final class Checks {
  private Checks() {}

  static void probability(double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1], got " + p);
    }
  }

  static void nonNegative(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be a finite value >= 0, got " + v);
    }
  }
}
