package dev.autodidact.eval;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;

/**
 * Label-free quality numbers of an embedding matrix: RankMe (Garrido et al., ICML 2023), the mean
 * per-dimension std of the L2-normalised embeddings (the SimSiam collapse measure) and the
 * alignment/uniformity pair (Wang &amp; Isola, ICML 2020).
 *
 * <pre>{@code
 * RepresentationStats s = RepresentationStats.of(embeddings); // embeddings: [N, D]
 * double r = s.rankMe();                                        // in [1, min(N, D)]
 * double a = RepresentationStats.alignment(viewA, viewB);       // two views of the same images
 * }</pre>
 *
 * @param rankMe exp of the entropy of the L1-normalised singular values of the raw embeddings
 * @param std mean over dimensions of the std of the L2-normalised embeddings (0 when collapsed, about
 *     1/sqrt(D) when spread over the sphere)
 * @param uniformity log E exp(-2 ||u - v||²) over distinct pairs of L2-normalised embeddings (lower is
 *     more uniform; -4 is the limit of a perfectly spread high-dimensional sphere)
 */
public record RepresentationStats(double rankMe, double std, double uniformity) {
  /** The ε of the paper, added to each normalised singular value so the entropy is defined at zeros. */
  static final double RANKME_EPS = 1e-7;

  /** The statistics of {@code z}: [N, D], N ≥ 2. */
  public static RepresentationStats of(float[][] z) {
    float[][] u = normalised(z);
    return new RepresentationStats(rankMe(z), meanStd(u), uniformity(u));
  }

  /** RankMe of {@code z}: [N, D]; 1 for a rank-1 matrix, min(N, D) for one with equal singular values. */
  public static double rankMe(float[][] z) {
    check(z);
    double[][] m = new double[z.length][];
    for (int i = 0; i < z.length; i++) {
      m[i] = new double[z[i].length];
      for (int d = 0; d < z[i].length; d++) {
        m[i][d] = z[i][d];
      }
    }
    // Commons Math wants rows ≥ columns for a thin SVD; singular values are those of the transpose too.
    Array2DRowRealMatrix a = new Array2DRowRealMatrix(m, false);
    double[] s = new SingularValueDecomposition(z.length >= z[0].length ? a : a.transpose()).getSingularValues();
    double sum = 0;
    for (double v : s) {
      sum += v;
    }
    if (sum == 0) {
      return 1; // all-zero embeddings: fully collapsed
    }
    double h = 0;
    for (double v : s) {
      double p = v / sum + RANKME_EPS;
      h -= p * Math.log(p);
    }
    return Math.exp(h);
  }

  /** Mean over dimensions of the (population) std of the rows of {@code u}: [N, D]. */
  static double meanStd(float[][] u) {
    int n = u.length;
    int dim = u[0].length;
    double total = 0;
    for (int d = 0; d < dim; d++) {
      double s = 0;
      double s2 = 0;
      for (float[] row : u) {
        s += row[d];
        s2 += (double) row[d] * row[d];
      }
      double mean = s / n;
      total += Math.sqrt(Math.max(0, s2 / n - mean * mean));
    }
    return total / dim;
  }

  /** log of the mean over distinct pairs of exp(-2 ||u_i - u_j||²), rows of {@code u} unit vectors. */
  static double uniformity(float[][] u) {
    int n = u.length;
    double sum = 0;
    for (int i = 0; i < n; i++) {
      float[] a = u[i];
      for (int j = i + 1; j < n; j++) {
        float[] b = u[j];
        double d2 = 0;
        for (int d = 0; d < a.length; d++) {
          double e = a[d] - b[d];
          d2 += e * e;
        }
        sum += Math.exp(-2 * d2);
      }
    }
    return Math.log(sum / ((double) n * (n - 1) / 2));
  }

  /**
   * Alignment of Wang &amp; Isola: mean squared distance between the L2-normalised embeddings of the two
   * views of each image ({@code a[i]} and {@code b[i]}, both [N, D]); 0 when views map to one point.
   */
  public static double alignment(float[][] a, float[][] b) {
    if (a.length != b.length || a.length == 0) {
      throw new IllegalArgumentException(a.length + " and " + b.length + " views");
    }
    float[][] ua = normalised(a);
    float[][] ub = normalised(b);
    double sum = 0;
    for (int i = 0; i < ua.length; i++) {
      for (int d = 0; d < ua[i].length; d++) {
        double e = ua[i][d] - ub[i][d];
        sum += e * e;
      }
    }
    return sum / ua.length;
  }

  private static float[][] normalised(float[][] z) {
    check(z);
    float[][] u = new float[z.length][];
    for (int i = 0; i < z.length; i++) {
      double s = 0;
      for (float v : z[i]) {
        s += (double) v * v;
      }
      double inv = s == 0 ? 0 : 1 / Math.sqrt(s);
      u[i] = new float[z[i].length];
      for (int d = 0; d < z[i].length; d++) {
        u[i][d] = (float) (z[i][d] * inv);
      }
    }
    return u;
  }

  private static void check(float[][] z) {
    if (z.length < 2 || z[0].length == 0) {
      throw new IllegalArgumentException("need at least 2 embeddings of at least 1 dimension, got " + z.length);
    }
    for (float[] row : z) {
      if (row == null || row.length != z[0].length) {
        throw new IllegalArgumentException("embeddings differ in dimension");
      }
    }
  }
}
