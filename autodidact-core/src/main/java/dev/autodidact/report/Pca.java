package dev.autodidact.report;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Projection onto the two leading principal components (Commons Math's symmetric eigendecomposition of
 * the D × D covariance).
 *
 * @param x first coordinate per row
 * @param y second coordinate per row
 * @param explained share of the total variance carried by each of the two components
 */
record Pca(double[] x, double[] y, double[] explained) {
  /** rows: [n][D], n ≥ 2. */
  static Pca of(float[][] rows) {
    int n = rows.length;
    int d = rows[0].length;
    double[] mean = new double[d];
    for (float[] r : rows) {
      for (int j = 0; j < d; j++) {
        mean[j] += r[j] / (double) n;
      }
    }
    double[][] cov = new double[d][d];
    double[] c = new double[d];
    for (float[] r : rows) {
      for (int j = 0; j < d; j++) {
        c[j] = r[j] - mean[j];
      }
      for (int a = 0; a < d; a++) {
        double ca = c[a];
        if (ca == 0) {
          continue;
        }
        double[] row = cov[a];
        for (int b = a; b < d; b++) {
          row[b] += ca * c[b];
        }
      }
    }
    for (int a = 0; a < d; a++) {
      for (int b = a; b < d; b++) {
        cov[a][b] /= Math.max(1, n - 1);
        cov[b][a] = cov[a][b];
      }
    }
    RealMatrix m = new Array2DRowRealMatrix(cov, false);
    EigenDecomposition eig = new EigenDecomposition(m);
    double[] values = eig.getRealEigenvalues();
    int first = -1;
    int second = -1;
    double total = 0;
    for (int i = 0; i < values.length; i++) {
      total += Math.max(0, values[i]);
      if (first < 0 || values[i] > values[first]) {
        second = first;
        first = i;
      } else if (second < 0 || values[i] > values[second]) {
        second = i;
      }
    }
    RealVector u = eig.getEigenvector(first);
    RealVector v = eig.getEigenvector(second);
    double[] x = new double[n];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double px = 0;
      double py = 0;
      for (int j = 0; j < d; j++) {
        double cj = rows[i][j] - mean[j];
        px += cj * u.getEntry(j);
        py += cj * v.getEntry(j);
      }
      x[i] = px;
      y[i] = py;
    }
    double[] share = total > 0 ? new double[] {values[first] / total, values[second] / total} : new double[] {0, 0};
    return new Pca(x, y, share);
  }
}
