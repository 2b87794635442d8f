package dev.autodidact;

import java.util.ArrayList;
import java.util.List;

/**
 * One image's prediction by a {@link Predictor}.
 *
 * <pre>{@code
 * Prediction p = predictor.predict(Path.of("scan.png"));
 * System.out.printf("%s (%.1f %%)%n", p.topClass(), 100 * p.topProbability());
 * double pPneumonia = p.probability("pneumonia");
 * List<String> findings = p.labels();   // multi-label: every class at or above its threshold
 * }</pre>
 *
 * @param classes class names, in the model's order
 * @param probabilities one per class: softmax (sum 1) for single-label models, independent sigmoids for
 *     multi-label ones
 * @param multiLabel whether the model is multi-label
 * @param labels the predicted labels: the top class for a single-label model; for a multi-label model
 *     every class whose probability is at or above its threshold (may be empty), in class order
 */
public record Prediction(List<String> classes, List<Double> probabilities, boolean multiLabel, List<String> labels) {
  public Prediction {
    classes = List.copyOf(classes);
    probabilities = List.copyOf(probabilities);
    labels = List.copyOf(labels);
    if (classes.size() != probabilities.size() || classes.isEmpty()) {
      throw new IllegalArgumentException(classes.size() + " classes but " + probabilities.size() + " probabilities");
    }
  }

  /** From one output row of the model. */
  static Prediction of(List<String> classes, float[] row, boolean multiLabel, List<Double> thresholds) {
    List<Double> p = new ArrayList<>(row.length);
    for (float v : row) {
      p.add((double) v);
    }
    List<String> labels = new ArrayList<>();
    if (multiLabel) {
      for (int k = 0; k < row.length; k++) {
        if (row[k] >= thresholds.get(k)) {
          labels.add(classes.get(k));
        }
      }
    } else {
      labels.add(classes.get(argmax(p)));
    }
    return new Prediction(classes, p, multiLabel, labels);
  }

  /** Index of the most probable class (the first on ties). */
  public int topIndex() {
    return argmax(probabilities);
  }

  /** The most probable class. */
  public String topClass() {
    return classes.get(topIndex());
  }

  /** Its probability. */
  public double topProbability() {
    return probabilities.get(topIndex());
  }

  /**
   * The probability of class {@code name}.
   *
   * @throws IllegalArgumentException for a name the model does not have
   */
  public double probability(String name) {
    int i = classes.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no class '" + name + "'; the model has " + classes);
    }
    return probabilities.get(i);
  }

  private static int argmax(List<Double> p) {
    int best = 0;
    for (int k = 1; k < p.size(); k++) {
      if (p.get(k) > p.get(best)) {
        best = k;
      }
    }
    return best;
  }
}
