package dev.autodidact.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Expected calibration error over equal-width bins of the top-class confidence: the mean over bins of
 * |accuracy − confidence|, weighted by each bin's share of the samples. The first bin is closed
 * ({@code [0, 1/B]}), the others half-open ({@code (lo, hi]}).
 */
final class Reliability {
  /** Bins used by {@link Metrics}: 15, as in Guo et al. 2017 and most papers since. */
  static final int BINS = 15;

  private Reliability() {}

  /** The reliability diagram (one entry per non-empty bin) and the ECE. */
  static Metrics.Calibration of(int[] labels, int[] predicted, double[] confidence, int bins) {
    int n = labels.length;
    int[] count = new int[bins];
    double[] conf = new double[bins];
    int[] correct = new int[bins];
    double step = 1.0 / bins;
    for (int i = 0; i < n; i++) {
      int b = bin(confidence[i], bins, step);
      count[b]++;
      conf[b] += confidence[i];
      correct[b] += predicted[i] == labels[i] ? 1 : 0;
    }
    double ece = 0;
    List<Metrics.ReliabilityBin> diagram = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      if (count[b] == 0) {
        continue;
      }
      double acc = correct[b] / (double) count[b];
      double meanConf = conf[b] / count[b];
      ece += (count[b] / (double) n) * Math.abs(acc - meanConf);
      diagram.add(new Metrics.ReliabilityBin(b * step, b == bins - 1 ? 1.0 : (b + 1) * step, count[b], meanConf, acc));
    }
    return new Metrics.Calibration(ece, diagram);
  }

  private static int bin(double c, int bins, double step) {
    for (int b = 0; b < bins - 1; b++) {
      if (c <= (b + 1) * step) {
        return b;
      }
    }
    return bins - 1;
  }
}
