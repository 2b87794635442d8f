package dev.autodidact.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Fits every probe at every label budget on one encoder's features and measures it on the test set:
 * for a budget of K per class, repeat r uses {@link FeatureSet#perClass}(K, seed + r); {@code all}
 * uses the whole labelled train set once.
 */
public final class LowLabelProtocol {
  private LowLabelProtocol() {}

  /**
   * One repeat of one cell.
   *
   * @param seed the subset's seed ({@code seed + r}; the options' seed for {@code all})
   * @param trainSamples labelled samples the probe saw
   */
  public record Repeat(long seed, int trainSamples, Metrics.Report metrics, Metrics.Intervals intervals) {}

  /** Mean, sample std over repeats, and the bootstrap interval averaged over repeats (NaN if none). */
  public record Summary(double mean, double std, double ciLow, double ciHigh) {}

  /** All repeats of one (encoder, probe, labels per class). */
  public record Cell(String encoder, String probe, LabelsPerClass labelsPerClass, List<Repeat> repeats) {
    public Summary accuracy() {
      return summary(repeats.stream().mapToDouble(r -> r.metrics().accuracy()).toArray(),
          repeats.stream().mapToDouble(r -> r.intervals().accuracy().low()).toArray(),
          repeats.stream().mapToDouble(r -> r.intervals().accuracy().high()).toArray());
    }

    public Summary auc() {
      return summary(repeats.stream().mapToDouble(r -> r.metrics().macroAuc()).toArray(),
          repeats.stream().mapToDouble(r -> r.intervals().macroAuc().low()).toArray(),
          repeats.stream().mapToDouble(r -> r.intervals().macroAuc().high()).toArray());
    }

    public Summary balancedAccuracy() {
      return summary(repeats.stream().mapToDouble(r -> r.metrics().balancedAccuracy()).toArray(), null, null);
    }
  }

  static Summary summary(double[] v, double[] lo, double[] hi) {
    org.apache.commons.math3.stat.descriptive.SummaryStatistics s = new org.apache.commons.math3.stat.descriptive.SummaryStatistics();
    for (double x : v) {
      s.addValue(x);
    }
    double std = v.length > 1 ? s.getStandardDeviation() : 0.0;
    double l = lo == null ? Double.NaN : java.util.Arrays.stream(lo).average().orElse(Double.NaN);
    double h = hi == null ? Double.NaN : java.util.Arrays.stream(hi).average().orElse(Double.NaN);
    return new Summary(s.getMean(), std, l, h);
  }

  /**
   * Runs the protocol for one encoder.
   *
   * @param encoder {@code pretrained} or {@code random}
   * @param progress receives a line per fitted cell
   */
  public static List<Cell> run(String encoder, FeatureSet train, FeatureSet test, EvalOptions o, Consumer<String> progress) {
    FeatureSet labelled = train.labelled();
    int classes = train.classes().size();
    int[] ks = o.knnK();
    int maxK = java.util.Arrays.stream(ks).max().orElse(1);
    List<Cell> cells = new ArrayList<>();
    for (LabelsPerClass lpc : o.labelsPerClass()) {
      int reps = lpc.isAll() ? 1 : o.repeats();
      List<Repeat> linear = new ArrayList<>();
      double linearSeconds = 0;
      double knnSeconds = 0;
      List<List<Repeat>> knn = new ArrayList<>();
      for (int j = 0; j < ks.length; j++) {
        knn.add(new ArrayList<>());
      }
      for (int r = 0; r < reps; r++) {
        long seed = lpc.isAll() ? o.seed() : o.seed() + r;
        FeatureSet sub = lpc.isAll() ? labelled : labelled.perClass(lpc.count(), seed);
        if (o.probes().contains(Probe.LINEAR)) {
          long t = System.nanoTime();
          LinearProbe.Model m = LinearProbe.fit(sub.features(), sub.labels(), classes,
              LinearProbe.Options.DEFAULT.withLambda(o.lambda()).withThreads(o.threads()));
          if (!m.converged()) {
            progress.accept("warning: the linear probe stopped after " + m.iterations() + " iterations without converging");
          }
          double[][] p = m.predict(test.features());
          linearSeconds += (System.nanoTime() - t) / 1e9;
          linear.add(measure(sub, test, p, seed, o));
        }
        if (o.probes().contains(Probe.KNN)) {
          long t = System.nanoTime();
          double[][][] p;
          try (Knn k = Knn.of(sub.features(), sub.labels(), classes, maxK, o.threads())) {
            p = k.predict(test.features(), ks, o.temperature());
          }
          knnSeconds += (System.nanoTime() - t) / 1e9;
          for (int j = 0; j < ks.length; j++) {
            knn.get(j).add(measure(sub, test, p[j], seed, o));
          }
        }
      }
      if (!linear.isEmpty()) {
        cells.add(report(new Cell(encoder, "linear", lpc, List.copyOf(linear)), linearSeconds / reps, progress));
      }
      for (int j = 0; j < ks.length && o.probes().contains(Probe.KNN); j++) {
        cells.add(report(new Cell(encoder, "knn-" + ks[j], lpc, List.copyOf(knn.get(j))), knnSeconds / reps, progress));
      }
    }
    return cells;
  }

  private static Repeat measure(FeatureSet sub, FeatureSet test, double[][] probs, long seed, EvalOptions o) {
    Metrics.Report m = Metrics.of(test.labels(), probs, test.classes());
    Metrics.Intervals ci = Bootstrap.intervals(test.labels(), probs, o.seed(), o.resamples());
    return new Repeat(seed, sub.size(), m, ci);
  }

  // seconds: fit + predict per repeat (for kNN: the search serving every k)
  private static Cell report(Cell c, double seconds, Consumer<String> progress) {
    progress.accept(String.format(java.util.Locale.ROOT, "%-10s %-8s %4s/class: accuracy %.4f, AUC %.4f (%d train x %d test, %.1f s per draw)",
        c.encoder(), c.probe(), c.labelsPerClass(), c.accuracy().mean(), c.auc().mean(), c.repeats().get(0).trainSamples(),
        c.repeats().get(0).metrics().samples(), seconds));
    return c;
  }
}
