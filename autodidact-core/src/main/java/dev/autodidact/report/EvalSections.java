package dev.autodidact.report;

import dev.autodidact.report.EvalResults.Row;
import dev.autodidact.report.EvalResults.Stat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The sections drawn from {@code results.json}: headline table, low-label curve, ROC, confusion, per class. */
final class EvalSections {
  static final String PRETRAINED = "pretrained";
  static final String RANDOM = "random";

  private EvalSections() {}

  /** Probe × labels per class, SSL beside the random-init baseline, every number with its 95% CI. */
  static void headline(Html h, EvalResults r) {
    h.section("headline", "Headline: how good are the pretrained features?");
    if (r == null || r.rows().isEmpty()) {
      h.note("No evaluation results: run autodidact evaluate and pass --eval EVAL to see probe and kNN accuracy.");
      h.endSection();
      return;
    }
    bottomLine(h, r);
    h.help("Each row trains a simple classifier on the frozen features with only the given number of labelled images "
        + "per class, then tests it on held-out images. 'Random init' is the same network with untrained weights: "
        + "the gain column is what pretraining bought (accuracy points). Brackets are 95% confidence intervals.");
    boolean baseline = !r.rows(RANDOM).isEmpty();
    List<String> head = new ArrayList<>(List.of("probe", "labels / class", "accuracy"));
    if (baseline) {
      head.addAll(List.of("random-init accuracy", "gain (pts)"));
    }
    head.add("ROC AUC (macro)");
    if (baseline) {
      head.add("random-init AUC");
    }
    head.add("balanced accuracy");
    List<List<String>> rows = new ArrayList<>();
    for (String probe : r.probes()) {
      boolean first = true;
      for (String labels : r.labelCounts()) {
        Row p = r.find(PRETRAINED, probe, labels).orElse(null);
        if (p == null) {
          continue;
        }
        Row b = r.find(RANDOM, probe, labels).orElse(null);
        List<String> row = new ArrayList<>(List.of(first ? probeName(probe) : "", labels, "*" + percent(p.accuracy())));
        first = false;
        if (baseline) {
          row.add(b == null ? "—" : percent(b.accuracy()));
          row.add(b == null || mean(p.accuracy()) == null || mean(b.accuracy()) == null ? "—"
              : String.format(Locale.ROOT, "%+.1f", 100 * (mean(p.accuracy()) - mean(b.accuracy()))));
        }
        row.add(auc(p.auc()));
        if (baseline) {
          row.add(b == null ? "—" : auc(b.auc()));
        }
        row.add(percent(p.balancedAccuracy()));
        rows.add(row);
      }
    }
    h.table(head, rows);
    if (r.protocol() != null && r.protocol().repeats() != null) {
      h.note("Low-label rows average " + r.protocol().repeats() + " random draws of the labelled subset"
          + (r.protocol().seed() != null ? " (seed " + r.protocol().seed() + ")" : "") + ".");
    }
    h.endSection();
  }

  /**
   * One sentence for the reader in a hurry: the first probe at the fewest labels, pretrained against
   * random init when both exist.
   */
  private static void bottomLine(Html h, EvalResults r) {
    if (r.probes().isEmpty() || r.labelCounts().isEmpty()) {
      return;
    }
    String probe = r.probes().contains("linear") ? "linear" : r.probes().get(0);
    String labels = r.labelCounts().get(0);
    Row p = r.find(PRETRAINED, probe, labels).orElse(null);
    if (p == null || mean(p.accuracy()) == null) {
      return;
    }
    String few = "all".equals(labels) ? "With all labels" : "With " + labels + " labelled images per class";
    StringBuilder sb = new StringBuilder(few).append(", a ").append(probeName(probe)).append(" on the pretrained ")
        .append("features is right ").append(String.format(Locale.ROOT, "%.1f%%", 100 * mean(p.accuracy())))
        .append(" of the time");
    Row b = r.find(RANDOM, probe, labels).orElse(null);
    if (b != null && mean(b.accuracy()) != null) {
      sb.append(String.format(Locale.ROOT, ", against %.1f%% from an untrained network (%+.1f points)",
          100 * mean(b.accuracy()), 100 * (mean(p.accuracy()) - mean(b.accuracy()))));
    }
    h.lead(sb.append('.').toString());
  }

  /**
   * Metric vs labels per class, one line per (encoder, probe): pretrained solid, every other encoder
   * dashed. Encoders beyond pretrained/random (a fine-tuned or supervised model) become further lines
   * with no change here.
   */
  static void lowLabel(Html h, EvalResults r, double allValue) {
    h.section("low-label", "Low-label curve");
    List<String> numeric = r == null ? List.of() : r.labelCounts();
    if (r == null || numeric.size() < 2) {
      h.note(r == null ? "No evaluation results." : "Only one labels-per-class setting was evaluated: no curve to draw.");
      h.endSection();
      return;
    }
    h.help("How accuracy grows with the number of labelled images per class. The further the pretrained line sits "
        + "above the random-init line at the left, the more pretraining saves labelling effort. Colour is the classifier; solid lines are the pretrained encoder, dashed ones the random-init baseline, dotted ones any other model in the results (e.g. fine-tuned). 'all' is plotted at "
        + Math.round(allValue) + " labels per class. Bars span the 95% confidence interval.");
    List<String> encoders = r.rows().stream().map(Row::encoder).distinct().toList();
    for (String metric : List.of("accuracy", "auc")) {
      List<Charts.Line> lines = new ArrayList<>();
      for (String enc : encoders) {
        for (int pi = 0; pi < r.probes().size(); pi++) {
          String probe = r.probes().get(pi);
          List<Row> rows = r.rows(enc).stream().filter(x -> probe.equals(x.probe())).toList();
          if (rows.isEmpty()) {
            continue;
          }
          double[] x = new double[rows.size()];
          double[] y = new double[rows.size()];
          double[] e = new double[rows.size()];
          for (int i = 0; i < rows.size(); i++) {
            Stat s = metric.equals("accuracy") ? rows.get(i).accuracy() : rows.get(i).auc();
            double scale = metric.equals("accuracy") ? 100 : 1;
            x[i] = rows.get(i).labelsValue(allValue);
            y[i] = s == null || s.mean() == null ? Double.NaN : scale * s.mean();
            e[i] = s == null || s.ciLow() == null || s.ciHigh() == null ? 0 : scale * (s.ciHigh() - s.ciLow()) / 2;
          }
          Charts.Dash dash = PRETRAINED.equals(enc) ? Charts.Dash.SOLID
              : RANDOM.equals(enc) ? Charts.Dash.DASHED : Charts.Dash.DOTTED;
          lines.add(new Charts.Line(enc + " · " + probeName(probe), x, y, e, dash, pi));
        }
      }
      boolean acc = metric.equals("accuracy");
      h.figure(Charts.lowLabel(acc ? "Test accuracy vs labels per class" : "Macro ROC AUC vs labels per class",
          acc ? "accuracy (%)" : "ROC AUC", lines),
          acc ? "accuracy against labels per class" : "AUC against labels per class", null);
    }
    h.endSection();
  }

  /** ROC per class, confusion heat map and per-class table of the detailed configuration. */
  static void detail(Html h, EvalResults r) {
    EvalResults.Detail d = r == null ? null : r.detail();
    String which = d == null ? "" : " — " + d.encoder() + ", " + probeName(d.probe()) + ", " + d.labelsPerClass()
        + " labels per class";
    h.section("roc", "ROC curves per class" + which);
    if (d == null || d.roc() == null || d.roc().isEmpty()) {
      h.note("No ROC curves in the evaluation results.");
    } else {
      h.help("Each curve shows, for one class against all others, the trade-off between catching true cases "
          + "(sensitivity, up) and raising false alarms (1 − specificity, right). The closer to the top-left corner, "
          + "the better; the dotted diagonal is guessing. AUC 1.0 is perfect, 0.5 is chance.");
      List<Charts.Line> curves = new ArrayList<>();
      for (EvalResults.Roc c : d.roc()) {
        if (c.fpr() == null || c.tpr() == null) {
          continue;
        }
        String name = c.name() + (c.auc() == null ? "" : String.format(Locale.ROOT, " (AUC %.3f)", c.auc()));
        curves.add(new Charts.Line(name, toArray(c.fpr()), toArray(c.tpr())));
      }
      h.figure(Charts.roc(curves), "one-vs-rest ROC curves", null);
    }
    h.endSection();

    h.section("confusion", "Confusion matrix" + which);
    List<String> classes = r == null ? List.of() : r.classNames();
    if (d == null || d.confusion() == null || d.confusion().size() != classes.size() || classes.isEmpty()) {
      h.note("No confusion matrix in the evaluation results.");
    } else {
      h.help("Rows are the true classes, columns what the classifier predicted; a row adds up to 100%. The diagonal "
          + "is the share of each class recognised correctly (its sensitivity); off-diagonal cells show which classes "
          + "are mistaken for which.");
      long[][] m = new long[classes.size()][classes.size()];
      for (int i = 0; i < m.length; i++) {
        for (int j = 0; j < m.length; j++) {
          m[i][j] = d.confusion().get(i).get(j);
        }
      }
      h.figure(Charts.confusion(classes, m), "confusion matrix heat map", null);
    }
    h.endSection();

    h.section("per-class", "Per-class results" + which);
    if (d == null || d.perClass() == null || d.perClass().isEmpty()) {
      h.note("No per-class numbers in the evaluation results.");
    } else {
      h.help("Precision: of the images called this class, the share that were. Recall (sensitivity): of the images of "
          + "this class, the share found. F1 combines both. Support: test images of the class.");
      List<List<String>> rows = new ArrayList<>();
      for (EvalResults.PerClass c : d.perClass()) {
        Double classAuc = c.auc() != null ? c.auc() : rocAuc(d, c.name());
        rows.add(List.of(c.name() == null ? "?" : c.name(), fraction(c.precision()), fraction(c.recall()),
            fraction(c.f1()), c.support() == null ? "—" : c.support().toString(), auc(classAuc)));
      }
      h.table(List.of("class", "precision", "recall", "F1", "support", "ROC AUC"), rows);
      if (d.aucSkipped() != null && !d.aucSkipped().isEmpty()) {
        h.note("No AUC for " + String.join(", ", d.aucSkipped()) + ": the test set has no image of it, so it is left "
            + "out of the macro AUC.");
      }
      if (d.top5() != null) {
        h.note(String.format(Locale.ROOT, "Top-5 accuracy (the true class among the five most likely): %.1f%%.",
            100 * d.top5()));
      }
      reliability(h, d);
    }
    h.endSection();
  }

  /** The calibration: ECE in words and, when the bins are there, the reliability diagram. */
  private static void reliability(Html h, EvalResults.Detail d) {
    if (d.ece() != null) {
      h.help(String.format(Locale.ROOT, "Calibration: when the classifier says 80%%, is it right 80%% of the time? "
          + "Expected calibration error %.3f (0 = its probabilities match observed frequencies).", d.ece()));
    }
    List<EvalResults.Bin> bins = d.reliability() == null ? List.of() : d.reliability().stream()
        .filter(b -> b.confidence() != null && b.accuracy() != null && (b.count() == null || b.count() > 0)).toList();
    if (bins.size() < 2) {
      return;
    }
    double[] x = bins.stream().mapToDouble(EvalResults.Bin::confidence).toArray();
    double[] y = bins.stream().mapToDouble(EvalResults.Bin::accuracy).toArray();
    List<Charts.Line> lines = List.of(new Charts.Line("classifier", x, y),
        new Charts.Line("perfect calibration", new double[] {0, 1}, new double[] {0, 1}, null, Charts.Dash.DOTTED, 9));
    h.figure(Charts.lines("Reliability diagram", "predicted probability of the top class", "observed accuracy", lines,
        List.of(), false, true), "reliability diagram", "Points below the diagonal: over-confident; above: under-confident.");
  }

  /** A class's AUC from its ROC curve when the per-class entry has none. */
  private static Double rocAuc(EvalResults.Detail d, String name) {
    if (d.roc() == null || name == null) {
      return null;
    }
    return d.roc().stream().filter(c -> name.equals(c.name())).map(EvalResults.Roc::auc).findFirst().orElse(null);
  }

  static String probeName(String probe) {
    if (probe == null) {
      return "?";
    }
    if (probe.equals("linear")) {
      return "linear probe";
    }
    return probe.startsWith("knn-") ? "kNN (k = " + probe.substring(4) + ")" : probe;
  }

  private static Double mean(Stat s) {
    return s == null ? null : s.mean();
  }

  static String percent(Stat s) {
    if (s == null || s.mean() == null) {
      return "—";
    }
    String m = String.format(Locale.ROOT, "%.1f%%", 100 * s.mean());
    if (s.ciLow() != null && s.ciHigh() != null) {
      return m + String.format(Locale.ROOT, " (%.1f–%.1f)", 100 * s.ciLow(), 100 * s.ciHigh());
    }
    return s.std() != null ? m + String.format(Locale.ROOT, " ± %.1f", 100 * s.std()) : m;
  }

  static String auc(Stat s) {
    if (s == null || s.mean() == null) {
      return "—";
    }
    String m = String.format(Locale.ROOT, "%.3f", s.mean());
    if (s.ciLow() != null && s.ciHigh() != null) {
      return m + String.format(Locale.ROOT, " (%.3f–%.3f)", s.ciLow(), s.ciHigh());
    }
    return m;
  }

  private static String auc(Double v) {
    return v == null ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static String fraction(Double v) {
    return v == null ? "—" : String.format(Locale.ROOT, "%.3f", v);
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(d -> d == null ? Double.NaN : d).toArray();
  }
}
