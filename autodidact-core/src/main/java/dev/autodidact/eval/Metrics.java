package dev.autodidact.eval;

import dev.autodidact.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Classification metrics from true labels and predicted class probabilities: accuracy, balanced
 * accuracy, macro one-vs-rest ROC AUC, per-class precision / recall / F1 / support, the confusion
 * matrix, top-5 accuracy (more than 5 classes), expected calibration error with its reliability
 * diagram, and ROC curves. Definitions follow scikit-learn (tested against it:
 * {@code tools/reference/eval_metrics.py}).
 *
 * <pre>{@code
 * Metrics.Report r = Metrics.of(labels, probs, List.of("normal", "pneumonia"));
 * Metrics.Intervals ci = Bootstrap.intervals(labels, probs, 0L, 1000);
 * System.out.printf("acc %.3f [%.3f, %.3f]  AUC %.3f%n", r.accuracy(), ci.accuracy().low(), ci.accuracy().high(), r.macroAuc());
 * }</pre>
 *
 * <p>A class with no test samples (or only test samples) has no ROC AUC: it is left out of the macro
 * mean and named in {@link Report#aucSkipped()}. A test set with a single class is refused: its
 * balanced accuracy and AUC would mean nothing.
 */
public final class Metrics {
  /** Points kept per ROC curve in a report. */
  public static final int ROC_POINTS = 201;

  private Metrics() {}

  /** Precision, recall and F1 (0 where undefined, as scikit-learn's {@code zero_division=0}) and support. */
  public record ClassResult(String name, double precision, double recall, double f1, int support) {}

  /** One class's one-vs-rest ROC curve, thinned to at most {@link #ROC_POINTS} points. */
  public record RocCurve(String name, double[] fpr, double[] tpr, double auc) {}

  /** One non-empty bin of the reliability diagram: [lo, hi], samples, mean confidence, accuracy. */
  public record ReliabilityBin(double lo, double hi, int count, double confidence, double accuracy) {}

  /** Expected calibration error (15 equal-width bins of the top-class probability) and its diagram. */
  public record Calibration(double ece, List<ReliabilityBin> reliability) {}

  /** A 95 % interval. */
  public record Interval(double low, double high) {}

  /** Bootstrap 95 % intervals of accuracy and macro AUC (see {@link Bootstrap}). */
  public record Intervals(Interval accuracy, Interval macroAuc, int resamples, long seed) {}

  /**
   * Everything {@link #of} measures.
   *
   * @param aucPerClass one-vs-rest AUC per class, null for the skipped ones
   * @param aucSkipped classes without both positives and negatives in the test set
   * @param top5 top-5 accuracy, null with 5 classes or fewer
   * @param confusion counts, [true class][predicted class]
   */
  public record Report(
      int samples,
      List<String> classes,
      double accuracy,
      double balancedAccuracy,
      double macroAuc,
      List<Double> aucPerClass,
      List<String> aucSkipped,
      Double top5,
      Calibration calibration,
      List<ClassResult> perClass,
      int[][] confusion,
      List<RocCurve> roc) {}

  /** {@link #of(int[], double[][], List)} for float probabilities (what ORT returns). */
  public static Report of(int[] labels, float[][] probs, List<String> classes) {
    return of(labels, toDouble(probs), classes);
  }

  /**
   * Measures predictions.
   *
   * @param labels true class per sample, in [0, classes)
   * @param probs class probabilities per sample, [N, classes] (scores that rank the same work for AUC;
   *     ECE needs probabilities)
   * @param classes class names
   * @throws UserInputException if the test labels hold a single class
   */
  public static Report of(int[] labels, double[][] probs, List<String> classes) {
    int c = check(labels, probs, classes);
    int n = labels.length;
    int[] pred = new int[n];
    double[] conf = new double[n];
    int[][] confusion = new int[c][c];
    int correct = 0;
    int top5 = 0;
    for (int i = 0; i < n; i++) {
      pred[i] = argmax(probs[i]);
      conf[i] = probs[i][pred[i]];
      confusion[labels[i]][pred[i]]++;
      correct += pred[i] == labels[i] ? 1 : 0;
      top5 += rank(probs[i], labels[i]) < 5 ? 1 : 0;
    }
    List<ClassResult> perClass = new ArrayList<>();
    double recallSum = 0;
    int present = 0;
    for (int k = 0; k < c; k++) {
      int support = Arrays.stream(confusion[k]).sum();
      int predicted = 0;
      for (int[] row : confusion) {
        predicted += row[k];
      }
      int tp = confusion[k][k];
      double precision = predicted == 0 ? 0 : tp / (double) predicted;
      double recall = support == 0 ? 0 : tp / (double) support;
      double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
      perClass.add(new ClassResult(classes.get(k), precision, recall, f1, support));
      if (support > 0) {
        recallSum += recall;
        present++;
      }
    }
    List<Double> aucs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    List<RocCurve> curves = new ArrayList<>();
    double aucSum = 0;
    for (int k = 0; k < c; k++) {
      Roc roc = Roc.oneVsRest(labels, probs, k);
      double auc = roc.auc();
      if (Double.isNaN(auc)) {
        aucs.add(null);
        skipped.add(classes.get(k));
        continue;
      }
      aucs.add(auc);
      aucSum += auc;
      double[][] ft = roc.curve(ROC_POINTS);
      curves.add(new RocCurve(classes.get(k), ft[0], ft[1], auc));
    }
    return new Report(n, List.copyOf(classes), correct / (double) n, recallSum / present,
        aucSum / curves.size(), Collections.unmodifiableList(aucs), List.copyOf(skipped),
        c > 5 ? top5 / (double) n : null, Reliability.of(labels, pred, conf, Reliability.BINS),
        List.copyOf(perClass), confusion, List.copyOf(curves));
  }

  /** Index of the largest value (the first of equals, like numpy). */
  static int argmax(double[] p) {
    int best = 0;
    for (int k = 1; k < p.length; k++) {
      if (p[k] > p[best]) {
        best = k;
      }
    }
    return best;
  }

  /** How many classes score strictly higher than class {@code k}. */
  private static int rank(double[] p, int k) {
    int r = 0;
    for (double v : p) {
      r += v > p[k] ? 1 : 0;
    }
    return r;
  }

  /** Checks shapes and labels; returns the class count. */
  static int check(int[] labels, double[][] probs, List<String> classes) {
    int c = classes.size();
    if (labels.length != probs.length) {
      throw new IllegalArgumentException(labels.length + " labels but " + probs.length + " score rows");
    }
    if (labels.length == 0) {
      throw new UserInputException("the test set is empty: nothing to measure");
    }
    boolean[] seen = new boolean[c];
    int distinct = 0;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i] < 0 || labels[i] >= c) {
        throw new IllegalArgumentException("label " + labels[i] + " of sample " + i + " is not one of the " + c + " classes");
      }
      if (probs[i].length != c) {
        throw new IllegalArgumentException("score row " + i + " has " + probs[i].length + " values for " + c + " classes");
      }
      if (!seen[labels[i]]) {
        seen[labels[i]] = true;
        distinct++;
      }
    }
    if (distinct < 2) {
      throw new UserInputException("the test set holds a single class ('" + classes.get(labels[0])
          + "', " + labels.length + " samples): balanced accuracy and ROC AUC need at least two classes");
    }
    return c;
  }

  static double[][] toDouble(float[][] p) {
    double[][] d = new double[p.length][];
    for (int i = 0; i < p.length; i++) {
      d[i] = new double[p[i].length];
      for (int k = 0; k < p[i].length; k++) {
        d[i][k] = p[i][k];
      }
    }
    return d;
  }
}
