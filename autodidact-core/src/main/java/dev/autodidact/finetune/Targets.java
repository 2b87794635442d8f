package dev.autodidact.finetune;

import dev.autodidact.UserInputException;
import dev.autodidact.data.Dataset;
import java.util.ArrayList;
import java.util.List;

/**
 * The training targets of every sample of a dataset: a class index (single-label), or for multi-label
 * a 0/1 value and a counted flag per class (flag 0 = uncertain or blank under an ignoring policy).
 *
 * @param classes class (or finding) names
 * @param multiLabel which kind
 * @param labels class per sample (single-label), else null
 * @param values [n × K] targets (multi-label), else null
 * @param counted [n × K] 1 where the target counts (multi-label), else null
 */
public record Targets(List<String> classes, boolean multiLabel, int[] labels, float[] values, float[] counted) {
  public Targets {
    classes = List.copyOf(classes);
  }

  /** The single-label targets of {@code ds}; every sample must have a label. */
  public static Targets singleLabel(Dataset ds, String what) {
    if (ds.classes().size() < 2) {
      throw new UserInputException(what + ": needs labels of at least 2 classes (subfolder names, a CSV `label`"
          + " column, or IDX labels), found " + ds.classes().size());
    }
    int[] l = new int[ds.size()];
    for (int i = 0; i < l.length; i++) {
      l[i] = ds.label(i);
      if (l[i] < 0) {
        throw new UserInputException(what + ": " + ds.source(i) + " has no label; every training image needs one");
      }
    }
    return new Targets(ds.classes(), false, l, null, null);
  }

  /** Samples. */
  public int size() {
    return multiLabel ? values.length / classes.size() : labels.length;
  }

  /** K. */
  public int numClasses() {
    return classes.size();
  }

  /** The targets of samples {@code indices}, in that order. */
  public Targets subset(int[] indices) {
    int k = classes.size();
    if (!multiLabel) {
      int[] l = new int[indices.length];
      for (int i = 0; i < l.length; i++) {
        l[i] = labels[indices[i]];
      }
      return new Targets(classes, false, l, null, null);
    }
    float[] v = new float[indices.length * k];
    float[] c = new float[indices.length * k];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(values, indices[i] * k, v, i * k, k);
      System.arraycopy(counted, indices[i] * k, c, i * k, k);
    }
    return new Targets(classes, true, null, v, c);
  }

  /**
   * Inverse-frequency class weights, {@code n / (K · count_k)} (sklearn's "balanced"); for multi-label
   * the positives among counted entries. A class with no (positive) sample gets weight 1.
   */
  public List<Double> inverseFrequencyWeights() {
    int k = classes.size();
    double[] count = new double[k];
    double total = 0;
    if (!multiLabel) {
      for (int l : labels) {
        count[l]++;
      }
      total = labels.length;
    } else {
      for (int i = 0; i < values.length; i++) {
        if (counted[i] > 0 && values[i] > 0.5f) {
          count[i % k]++;
          total++;
        }
      }
    }
    List<Double> w = new ArrayList<>();
    for (int c = 0; c < k; c++) {
      w.add(count[c] == 0 ? 1.0 : total / (k * count[c]));
    }
    return w;
  }
}
