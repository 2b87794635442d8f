package dev.autodidact.selfcheck;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One input of a gradient check: its type and shape, how its values are drawn, and whether the check
 * differentiates with respect to it.
 */
public record InputSpec(String name, DType dtype, Shape shape, boolean differentiable,
    Function<SplittableRandom, double[]> values) {

  private static double[] draw(SplittableRandom r, Shape s, java.util.function.DoubleSupplier f) {
    double[] v = new double[Math.toIntExact(s.numel())];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.getAsDouble();
    }
    return v;
  }

  /** Standard normal values. */
  public static InputSpec normal(String name, DType t, long... dims) {
    Shape s = Shape.of(dims);
    return new InputSpec(name, t, s, true, r -> draw(r, s, () -> gaussian(r)));
  }

  /** Values in [lo, hi), for ops defined only there (log, sqrt, pow). */
  public static InputSpec uniform(String name, DType t, double lo, double hi, long... dims) {
    Shape s = Shape.of(dims);
    return new InputSpec(name, t, s, true, r -> draw(r, s, () -> lo + (hi - lo) * r.nextDouble()));
  }

  /** Values with |v| in [0.2, 2): keeps finite differences off kinks at 0 (relu, abs). */
  public static InputSpec awayFromZero(String name, DType t, long... dims) {
    Shape s = Shape.of(dims);
    return new InputSpec(name, t, s, true,
        r -> draw(r, s, () -> (r.nextBoolean() ? 1 : -1) * (0.2 + 1.8 * r.nextDouble())));
  }

  /**
   * Distinct values spaced 0.1 apart in random order, so a max has a margin far larger than the finite
   * difference step (max pooling, ReduceMax).
   */
  public static InputSpec distinct(String name, DType t, long... dims) {
    Shape s = Shape.of(dims);
    return new InputSpec(name, t, s, true, r -> {
      int n = Math.toIntExact(s.numel());
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = 0.1 * (i - n / 2.0);
      }
      for (int i = n - 1; i > 0; i--) {
        int j = r.nextInt(i + 1);
        double tmp = v[i];
        v[i] = v[j];
        v[j] = tmp;
      }
      return v;
    });
  }

  /** Random int64 indices in [0, bound), not differentiated. */
  public static InputSpec indices(String name, long bound, long... dims) {
    Shape s = Shape.of(dims);
    return new InputSpec(name, DType.INT64, s, false, r -> draw(r, s, () -> r.nextLong(bound)));
  }

  /** Fixed values, not differentiated (masks, permutations). */
  public static InputSpec fixed(String name, TensorData data) {
    double[] v = data.toDoubles();
    return new InputSpec(name, data.dtype(), data.shape(), false, r -> v.clone());
  }

  /** Draws this input's values. */
  public TensorData sample(SplittableRandom r) {
    return TensorData.fromDoubles(dtype, shape, values.apply(r));
  }

  static double gaussian(SplittableRandom r) {
    // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
    double u = 1.0 - r.nextDouble();
    double v = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
