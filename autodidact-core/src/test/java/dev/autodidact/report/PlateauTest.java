package dev.autodidact.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PlateauTest {
  private static final double N = Double.NaN;

  @Test
  void namesTheFirstStepWithinToleranceOfTheBest() {
    double[] steps = {10, 20, 30, 40, 50, 60, 70};
    double[] rank = {5, N, 9, 12.0, N, 12.05, 11.9};
    assertEquals(40, Plateau.since(steps, rank, 0.01).getAsDouble());
  }

  @Test
  void stillImprovingOrTooFewMeasurementsIsNotFlat() {
    double[] steps = {10, 20, 30};
    assertTrue(Plateau.since(steps, new double[] {5, 8, 12}, 0.01).isEmpty());
    assertTrue(Plateau.since(steps, new double[] {12, N, 12}, 0.01).isEmpty());
  }
}
