package dev.autodidact.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

/**
 * Percentile bootstrap 95 % intervals of accuracy and macro one-vs-rest AUC: the test set is resampled
 * with replacement {@code resamples} times from a seeded generator, each metric recomputed, and the
 * 2.5th and 97.5th percentiles taken (linear interpolation, numpy's default). A resample is a weight
 * per sample, so the AUC of each class reuses one sort of the scores. A class without positives or
 * negatives in a resample is left out of that resample's macro mean, as in the full set.
 */
public final class Bootstrap {
  /** Resamples used by the evaluation. */
  public static final int RESAMPLES = 1000;

  private Bootstrap() {}

  /** Intervals for {@code probs} against {@code labels}; the same seed gives the same intervals. */
  public static Metrics.Intervals intervals(int[] labels, double[][] probs, long seed, int resamples) {
    int c = probs.length == 0 ? 0 : probs[0].length;
    Metrics.check(labels, probs, names(c));
    int n = labels.length;
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      correct[i] = Metrics.argmax(probs[i]) == labels[i];
    }
    List<Roc> rocs = new ArrayList<>();
    for (int k = 0; k < c; k++) {
      Roc r = Roc.oneVsRest(labels, probs, k);
      int[] pn = r.counts();
      if (pn[0] > 0 && pn[1] > 0) {
        rocs.add(r);
      }
    }
    SplittableRandom rng = new SplittableRandom(seed ^ 0xb0075e1fL);
    double[] acc = new double[resamples];
    double[] auc = new double[resamples];
    int[] w = new int[n];
    for (int b = 0; b < resamples; b++) {
      java.util.Arrays.fill(w, 0);
      for (int j = 0; j < n; j++) {
        w[rng.nextInt(n)]++;
      }
      long hits = 0;
      for (int i = 0; i < n; i++) {
        hits += correct[i] ? w[i] : 0;
      }
      acc[b] = hits / (double) n;
      double sum = 0;
      int m = 0;
      for (Roc r : rocs) {
        double a = r.auc(w);
        if (!Double.isNaN(a)) {
          sum += a;
          m++;
        }
      }
      auc[b] = m == 0 ? Double.NaN : sum / m;
    }
    return new Metrics.Intervals(interval(acc), interval(auc), resamples, seed);
  }

  /** {@link #intervals(int[], double[][], long, int)} for float probabilities. */
  public static Metrics.Intervals intervals(int[] labels, float[][] probs, long seed, int resamples) {
    return intervals(labels, Metrics.toDouble(probs), seed, resamples);
  }

  private static Metrics.Interval interval(double[] values) {
    Percentile p = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
    double[] finite = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
    if (finite.length == 0) {
      return new Metrics.Interval(Double.NaN, Double.NaN);
    }
    p.setData(finite);
    return new Metrics.Interval(p.evaluate(2.5), p.evaluate(97.5));
  }

  private static List<String> names(int c) {
    List<String> n = new ArrayList<>();
    for (int k = 0; k < c; k++) {
      n.add(Integer.toString(k));
    }
    return n;
  }
}
