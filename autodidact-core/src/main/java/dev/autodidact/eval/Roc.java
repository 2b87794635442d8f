package dev.autodidact.eval;

import java.util.Arrays;

/**
 * One-vs-rest ROC for one class: the samples sorted once by score, with their tie groups, so that the
 * area can be recomputed under any sample weights (bootstrap resamples are weights) in one pass.
 *
 * <p>The area is the Mann–Whitney statistic with ties counted one half, which is what scikit-learn's
 * {@code roc_auc_score} (trapezoids through tied thresholds) gives.
 */
final class Roc {
  private final int[] order; // sample indices by ascending score
  private final int[] groupEnd; // exclusive end (into order) of each tie group, ascending
  private final boolean[] positive;

  private Roc(int[] order, int[] groupEnd, boolean[] positive) {
    this.order = order;
    this.groupEnd = groupEnd;
    this.positive = positive;
  }

  /** Class {@code k} of a multi-class problem: positives are {@code labels == k}, scores column k. */
  static Roc oneVsRest(int[] labels, double[][] scores, int k) {
    int n = labels.length;
    double[] s = new double[n];
    boolean[] pos = new boolean[n];
    for (int i = 0; i < n; i++) {
      s[i] = scores[i][k];
      pos[i] = labels[i] == k;
    }
    return of(pos, s);
  }

  /** A binary problem. */
  static Roc of(boolean[] positive, double[] score) {
    int n = score.length;
    Integer[] boxed = new Integer[n];
    for (int i = 0; i < n; i++) {
      boxed[i] = i;
    }
    Arrays.sort(boxed, (a, b) -> Double.compare(score[a], score[b]));
    int[] order = new int[n];
    int[] ends = new int[n];
    int groups = 0;
    for (int i = 0; i < n; i++) {
      order[i] = boxed[i];
      if (i > 0 && score[order[i]] != score[order[i - 1]]) {
        ends[groups++] = i;
      }
    }
    if (n > 0) {
      ends[groups++] = n;
    }
    return new Roc(order, Arrays.copyOf(ends, groups), positive.clone());
  }

  /** Number of positives and negatives. */
  int[] counts() {
    int p = 0;
    for (boolean b : positive) {
      p += b ? 1 : 0;
    }
    return new int[] {p, positive.length - p};
  }

  /** The area with every sample counted once; NaN when one side is empty. */
  double auc() {
    return auc(null);
  }

  /**
   * The area with sample {@code i} counted {@code weight[i]} times (null: once); NaN when the
   * positives or the negatives weigh nothing.
   */
  double auc(int[] weight) {
    double below = 0; // negative weight with a lower score
    double sum = 0;
    double wp = 0;
    int start = 0;
    for (int end : groupEnd) {
      double gp = 0;
      double gn = 0;
      for (int j = start; j < end; j++) {
        int i = order[j];
        int w = weight == null ? 1 : weight[i];
        if (positive[i]) {
          gp += w;
        } else {
          gn += w;
        }
      }
      sum += gp * (below + 0.5 * gn);
      below += gn;
      wp += gp;
      start = end;
    }
    if (wp == 0 || below == 0) {
      return Double.NaN;
    }
    return sum / (wp * below);
  }

  /**
   * The curve through every distinct threshold, from (0, 0) to (1, 1), thinned to at most {@code
   * maxPoints} points (evenly by index, ends kept) so it stays small in results.json.
   *
   * @return {fpr, tpr}
   */
  double[][] curve(int maxPoints) {
    int[] c = counts();
    int g = groupEnd.length;
    double[] fpr = new double[g + 1];
    double[] tpr = new double[g + 1];
    double tp = 0;
    double fp = 0;
    for (int gi = g - 1; gi >= 0; gi--) { // descending thresholds
      int start = gi == 0 ? 0 : groupEnd[gi - 1];
      for (int j = start; j < groupEnd[gi]; j++) {
        if (positive[order[j]]) {
          tp++;
        } else {
          fp++;
        }
      }
      int p = g - gi;
      fpr[p] = c[1] == 0 ? 0 : fp / c[1];
      tpr[p] = c[0] == 0 ? 0 : tp / c[0];
    }
    int m = g + 1;
    if (m <= maxPoints) {
      return new double[][] {fpr, tpr};
    }
    double[] f = new double[maxPoints];
    double[] t = new double[maxPoints];
    for (int i = 0; i < maxPoints; i++) {
      int src = (int) Math.round(i * (double) (m - 1) / (maxPoints - 1));
      f[i] = fpr[src];
      t[i] = tpr[src];
    }
    return new double[][] {f, t};
  }
}
