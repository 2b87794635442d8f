package dev.autodidact.finetune;

import dev.autodidact.UserInputException;
import dev.autodidact.eval.Metrics;
import dev.autodidact.eval.MultiLabelMetrics;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Validation metrics of a classifier's probabilities against its targets, computed by {@code dev.autodidact.eval}. */
public final class Validation {
  private Validation() {}

  /** The metric that selects the best checkpoint and drives early stopping (higher is better). */
  public enum Metric {
    AUC,
    ACCURACY,
    BALANCED_ACCURACY;

    /** Its key in metrics.jsonl and model.json. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** From the command line's spelling. */
    public static Metric parse(String s) {
      for (Metric m : values()) {
        if (m.key().equals(s.toLowerCase(Locale.ROOT).replace('-', '_'))) {
          return m;
        }
      }
      throw new UserInputException("--metric must be auc, accuracy or balanced_accuracy, got " + s);
    }
  }

  /**
   * Per-finding AUC over the rows with probabilities, each over its counted values ({@code --uncertain},
   * {@code --blank}), and their mean.
   *
   * @throws IllegalArgumentException when no finding has both positive and negative counted values
   */
  public static MultiLabelMetrics.Report multiLabel(float[][] probs, Targets t) {
    int k = t.numClasses();
    List<Integer> rows = new ArrayList<>();
    for (int i = 0; i < probs.length; i++) {
      if (probs[i] != null) {
        rows.add(i);
      }
    }
    boolean[][] y = new boolean[rows.size()][k];
    boolean[][] counted = new boolean[rows.size()][k];
    double[][] s = new double[rows.size()][k];
    for (int r = 0; r < rows.size(); r++) {
      int i = rows.get(r);
      for (int c = 0; c < k; c++) {
        y[r][c] = t.values()[i * k + c] > 0.5f;
        counted[r][c] = t.counted()[i * k + c] > 0;
        s[r][c] = probs[i][c];
      }
    }
    return MultiLabelMetrics.of(y, s, counted, t.classes());
  }

  /**
   * Metrics over the rows with probabilities (unreadable images left out): single-label accuracy,
   * balanced accuracy and macro one-vs-rest AUC; multi-label the mean AUC over findings (each over its
   * counted rows), {@code accuracy} and {@code balanced_accuracy} at threshold 0.5 over counted entries.
   */
  public static Map<String, Object> of(float[][] probs, Targets t) {
    Map<String, Object> m = new LinkedHashMap<>();
    int k = t.numClasses();
    if (!t.multiLabel()) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < probs.length; i++) {
        if (probs[i] != null) {
          rows.add(i);
        }
      }
      int[] labels = rows.stream().mapToInt(i -> t.labels()[i]).toArray();
      float[][] p = rows.stream().map(i -> probs[i]).toArray(float[][]::new);
      Metrics.Report r = Metrics.of(labels, p, t.classes());
      m.put("accuracy", r.accuracy());
      m.put("balanced_accuracy", r.balancedAccuracy());
      m.put("auc", Double.isFinite(r.macroAuc()) ? r.macroAuc() : null);
      m.put("images", r.samples());
      return m;
    }
    long right = 0;
    long total = 0;
    for (int i = 0; i < probs.length; i++) {
      for (int c = 0; probs[i] != null && c < k; c++) {
        if (t.counted()[i * k + c] > 0) {
          right += (probs[i][c] >= 0.5) == (t.values()[i * k + c] > 0.5f) ? 1 : 0;
          total++;
        }
      }
    }
    Map<String, Object> per = new LinkedHashMap<>();
    Double mean = null;
    try {
      MultiLabelMetrics.Report r = multiLabel(probs, t);
      for (int c = 0; c < k; c++) {
        if (r.aucPerLabel().get(c) != null) {
          per.put(t.classes().get(c), r.aucPerLabel().get(c));
        }
      }
      mean = r.meanAuc();
    } catch (IllegalArgumentException e) {
      // no finding has both positives and negatives among the counted values: no AUC
    }
    m.put("auc", mean);
    m.put("accuracy", total == 0 ? null : (double) right / total);
    m.put("auc_per_finding", per);
    return m;
  }
}
