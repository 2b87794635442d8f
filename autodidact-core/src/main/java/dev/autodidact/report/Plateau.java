package dev.autodidact.report;

import java.util.OptionalDouble;

/**
 * Where a quality curve stopped improving: the first step at which it came within {@code tolerance}
 * (relative) of its best value, when later measurements exist and none beat that by more.
 */
final class Plateau {
  private Plateau() {}

  /**
   * The step since which {@code values} (NaN where not measured) have been flat, or empty when the best
   * is the last measurement (still improving) or there are fewer than 3 measurements.
   */
  static OptionalDouble since(double[] steps, double[] values, double tolerance) {
    double best = Double.NEGATIVE_INFINITY;
    int count = 0;
    int last = -1;
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i])) {
        best = Math.max(best, values[i]);
        count++;
        last = i;
      }
    }
    if (count < 3) {
      return OptionalDouble.empty();
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isFinite(values[i]) && values[i] >= best - Math.abs(best) * tolerance) {
        return i == last ? OptionalDouble.empty() : OptionalDouble.of(steps[i]);
      }
    }
    return OptionalDouble.empty();
  }
}
