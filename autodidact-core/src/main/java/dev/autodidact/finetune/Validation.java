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
    double aucSum = 0;
    int aucs = 0;
    long right = 0;
    long total = 0;
    double recallSum = 0;
    Map<String, Object> per = new LinkedHashMap<>();
    for (int c = 0; c < k; c++) {
      List<boolean[]> y = new ArrayList<>();
      List<double[]> s = new ArrayList<>();
      for (int i = 0; i < probs.length; i++) {
        if (probs[i] != null && t.counted()[i * k + c] > 0) {
          boolean pos = t.values()[i * k + c] > 0.5f;
          y.add(new boolean[] {pos});
          s.add(new double[] {probs[i][c]});
          right += (probs[i][c] >= 0.5) == pos ? 1 : 0;
          total++;
        }
      }
      long positives = y.stream().filter(b -> b[0]).count();
      if (positives > 0 && positives < y.size()) {
        double auc = MultiLabelMetrics.of(y.toArray(boolean[][]::new), s.toArray(double[][]::new),
            List.of(t.classes().get(c))).meanAuc();
        per.put(t.classes().get(c), auc);
        aucSum += auc;
        aucs++;
      }
    }
    m.put("auc", aucs == 0 ? null : aucSum / aucs);
    m.put("accuracy", total == 0 ? null : (double) right / total);
    m.put("auc_per_finding", per);
    return m;
  }
}
