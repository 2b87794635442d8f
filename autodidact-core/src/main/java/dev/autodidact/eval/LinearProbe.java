package dev.autodidact.eval;

import java.util.stream.IntStream;

/**
 * The linear probe: multinomial logistic regression on standardised features, minimising
 * {@code mean cross-entropy + λ‖W‖²} (the bias is not penalised) with full-batch {@link Lbfgs} from
 * zero. Loss and gradient are one float64 ONNX graph on ONNX Runtime ({@link ProbeObjective}); the
 * result is deterministic for a given thread count.
 *
 * <pre>{@code
 * LinearProbe.Model m = LinearProbe.fit(trainFeatures, trainLabels, 10, LinearProbe.Options.DEFAULT);
 * double[][] p = m.predict(testFeatures); // [N, 10] class probabilities
 * }</pre>
 */
public final class LinearProbe {
  private LinearProbe() {}

  /**
   * @param lambda weight of ‖W‖²
   * @param threads ORT threads for the loss and gradient
   * @param gradTol stop when every gradient component is below this
   * @param maxIterations L-BFGS iterations at most
   */
  public record Options(double lambda, double gradTol, int maxIterations, int threads) {
    public static final Options DEFAULT = new Options(1e-3, 1e-7, 5000, 1);

    public Options {
      if (!(lambda >= 0) || !(gradTol > 0) || maxIterations < 1 || threads < 1) {
        throw new IllegalArgumentException("lambda >= 0, gradTol > 0, maxIterations >= 1, threads >= 1 needed");
      }
    }

    public Options withLambda(double l) {
      return new Options(l, gradTol, maxIterations, threads);
    }

    public Options withThreads(int t) {
      return new Options(lambda, gradTol, maxIterations, t);
    }
  }

  /**
   * A fitted probe.
   *
   * @param mean per-feature mean of the training rows
   * @param std per-feature (population) std of the training rows, 1 where it is 0
   * @param weights [D × C], row-major by feature
   * @param bias [C]
   * @param objective the final value of the loss
   */
  public record Model(int dim, int classes, double[] mean, double[] std, double[] weights, double[] bias,
      double objective, int iterations, boolean converged) {
    /** Class probabilities, [N, C]. */
    public double[][] predict(float[][] x) {
      double[][] p = new double[x.length][];
      IntStream.range(0, x.length).parallel().forEach(i -> {
        double[] z = new double[classes];
        logits(standardise(x[i]), z);
        softmax(z);
        p[i] = z;
      });
      return p;
    }

    double[] standardise(float[] row) {
      if (row.length != dim) {
        throw new IllegalArgumentException("features have " + row.length + " dimensions, the probe " + dim);
      }
      double[] s = new double[dim];
      for (int d = 0; d < dim; d++) {
        s[d] = (row[d] - mean[d]) / std[d];
      }
      return s;
    }

    private void logits(double[] x, double[] z) {
      System.arraycopy(bias, 0, z, 0, classes);
      for (int d = 0; d < dim; d++) {
        double v = x[d];
        int o = d * classes;
        for (int c = 0; c < classes; c++) {
          z[c] += v * weights[o + c];
        }
      }
    }
  }

  /**
   * Fits the probe.
   *
   * @param x [N, D] features
   * @param y [N] labels in [0, classes)
   */
  public static Model fit(float[][] x, int[] y, int classes, Options o) {
    int n = x.length;
    if (n == 0 || y.length != n) {
      throw new IllegalArgumentException(n + " feature rows, " + y.length + " labels");
    }
    int dim = x[0].length;
    double[] mean = new double[dim];
    double[] std = new double[dim];
    for (float[] r : x) {
      for (int d = 0; d < dim; d++) {
        mean[d] += r[d];
      }
    }
    for (int d = 0; d < dim; d++) {
      mean[d] /= n;
    }
    for (float[] r : x) {
      for (int d = 0; d < dim; d++) {
        double v = r[d] - mean[d];
        std[d] += v * v;
      }
    }
    for (int d = 0; d < dim; d++) {
      std[d] = Math.sqrt(std[d] / n);
      if (std[d] == 0) {
        std[d] = 1;
      }
    }
    double[] xs = new double[n * dim]; // standardised, [N, D] row-major
    for (int i = 0; i < n; i++) {
      for (int d = 0; d < dim; d++) {
        xs[i * dim + d] = (x[i][d] - mean[d]) / std[d];
      }
    }
    for (int label : y) {
      if (label < 0 || label >= classes) {
        throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
      }
    }
    int nw = dim * classes;
    Lbfgs.Result r;
    try (ProbeObjective ce = new ProbeObjective(xs, y, n, dim, classes, o.threads())) {
      Lbfgs.Objective f = (theta, grad) -> {
        double loss = ce.evaluate(theta, grad);
        double reg = 0;
        for (int j = 0; j < nw; j++) { // λ‖W‖², the bias unpenalised
          reg += theta[j] * theta[j];
          grad[j] += 2 * o.lambda() * theta[j];
        }
        return loss + o.lambda() * reg;
      };
      r = Lbfgs.minimize(f, new double[nw + classes], o.gradTol(), o.maxIterations());
    }
    double[] w = java.util.Arrays.copyOf(r.x(), nw);
    double[] b = java.util.Arrays.copyOfRange(r.x(), nw, nw + classes);
    return new Model(dim, classes, mean, std, w, b, r.value(), r.iterations(), r.converged());
  }

  /** Softmax in place; returns the log-sum-exp of the logits. */
  private static double softmax(double[] z) {
    double max = Double.NEGATIVE_INFINITY;
    for (double v : z) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (int c = 0; c < z.length; c++) {
      z[c] = Math.exp(z[c] - max);
      sum += z[c];
    }
    for (int c = 0; c < z.length; c++) {
      z[c] /= sum;
    }
    return max + Math.log(sum);
  }
}
