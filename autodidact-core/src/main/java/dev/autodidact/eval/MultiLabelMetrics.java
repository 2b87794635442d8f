package dev.autodidact.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Multi-label metrics: a ROC AUC per label (positives are the samples carrying it) and their mean. A
 * label that no test sample carries, or that every one does, has no AUC: it is named in {@link
 * Report#skipped()} and left out of the mean.
 *
 * <pre>{@code
 * MultiLabelMetrics.Report r = MultiLabelMetrics.of(targets, scores, List.of("effusion", "nodule"));
 * r.meanAuc();
 * }</pre>
 */
public final class MultiLabelMetrics {
  private MultiLabelMetrics() {}

  /**
   * @param aucPerLabel AUC per label, null for the skipped ones
   * @param meanAuc mean over the labels with an AUC
   */
  public record Report(List<String> labels, List<Double> aucPerLabel, double meanAuc, List<String> skipped) {}

  /**
   * @param targets [N, L] true labels (0/1)
   * @param scores [N, L] scores (probabilities or logits)
   * @throws IllegalArgumentException on ragged or mismatched shapes, or when no label has an AUC
   */
  public static Report of(boolean[][] targets, double[][] scores, List<String> labels) {
    return of(targets, scores, null, labels);
  }

  /**
   * Each label's AUC over the samples where it counts (CheXpert's uncertain or blank values may be left
   * out per label).
   *
   * @param counted [N, L] whether the sample's value of the label counts; null: all count
   * @throws IllegalArgumentException on ragged or mismatched shapes, or when no label has an AUC
   */
  public static Report of(boolean[][] targets, double[][] scores, boolean[][] counted, List<String> labels) {
    int n = targets.length;
    int l = labels.size();
    if (scores.length != n || (counted != null && counted.length != n)) {
      throw new IllegalArgumentException(n + " target rows but " + scores.length + " score rows"
          + (counted == null ? "" : " and " + counted.length + " mask rows"));
    }
    List<Double> aucs = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    double sum = 0;
    int m = 0;
    for (int k = 0; k < l; k++) {
      boolean[] pos = new boolean[n];
      double[] s = new double[n];
      int used = 0;
      for (int i = 0; i < n; i++) {
        if (targets[i].length != l || scores[i].length != l || (counted != null && counted[i].length != l)) {
          throw new IllegalArgumentException("row " + i + " does not have " + l + " labels");
        }
        if (counted == null || counted[i][k]) {
          pos[used] = targets[i][k];
          s[used] = scores[i][k];
          used++;
        }
      }
      double auc = Roc.of(Arrays.copyOf(pos, used), Arrays.copyOf(s, used)).auc();
      if (Double.isNaN(auc)) {
        aucs.add(null);
        skipped.add(labels.get(k));
      } else {
        aucs.add(auc);
        sum += auc;
        m++;
      }
    }
    if (m == 0) {
      throw new IllegalArgumentException("no label has both positive and negative test samples: no AUC can be computed");
    }
    return new Report(List.copyOf(labels), Collections.unmodifiableList(aucs), sum / m, List.copyOf(skipped));
  }
}
