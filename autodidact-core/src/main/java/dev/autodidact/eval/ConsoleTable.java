package dev.autodidact.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one-screen summary of an evaluation: a row per (probe, labels per class), the pretrained
 * encoder's accuracy (mean ± std over repeats, and the bootstrap 95 % interval) and macro AUC, and the
 * random-init baseline beside it when there is one.
 */
public final class ConsoleTable {
  private ConsoleTable() {}

  /** The table, ending with a newline. */
  public static String render(List<LowLabelProtocol.Cell> cells, EvalOptions o, ModelInfo model, double wallSeconds) {
    boolean baseline = cells.stream().anyMatch(c -> c.encoder().equals("random"));
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%s (%s, %s): test accuracy / macro AUC; mean ± std over %d label draws, [95%% bootstrap CI]%n",
        model.path(), model.recipe(), model.method(), o.repeats()));
    String head = String.format(Locale.ROOT, "%-8s %7s  %-30s %-7s", "probe", "labels", "pretrained accuracy", "AUC");
    if (baseline) {
      head += String.format(Locale.ROOT, " | %-16s %-7s", "random-init acc", "AUC");
    }
    sb.append(head).append('\n');
    sb.append("-".repeat(head.length())).append('\n');
    List<String> seen = new ArrayList<>();
    for (LowLabelProtocol.Cell c : cells) {
      if (!c.encoder().equals("pretrained")) {
        continue;
      }
      String key = c.probe() + "/" + c.labelsPerClass();
      if (seen.contains(key)) {
        continue;
      }
      seen.add(key);
      LowLabelProtocol.Summary a = c.accuracy();
      LowLabelProtocol.Summary u = c.auc();
      String acc = String.format(Locale.ROOT, "%5.1f%% ± %.1f [%.1f, %.1f]", 100 * a.mean(), 100 * a.std(),
          100 * a.ciLow(), 100 * a.ciHigh());
      sb.append(String.format(Locale.ROOT, "%-8s %7s  %-30s %-7s", c.probe(), c.labelsPerClass() + "/cl", acc, fmt(u.mean())));
      if (baseline) {
        LowLabelProtocol.Cell r = cells.stream().filter(x -> x.encoder().equals("random") && x.probe().equals(c.probe())
            && x.labelsPerClass().equals(c.labelsPerClass())).findFirst().orElse(null);
        if (r != null) {
          sb.append(String.format(Locale.ROOT, " | %5.1f%% ± %-6.1f %-7s", 100 * r.accuracy().mean(), 100 * r.accuracy().std(),
              fmt(r.auc().mean())));
        }
      }
      sb.append('\n');
    }
    sb.append(String.format(Locale.ROOT, "wall time %.1f s%n", wallSeconds));
    return sb.toString();
  }

  private static String fmt(double v) {
    return Double.isFinite(v) ? String.format(Locale.ROOT, "%.3f", v) : "n/a";
  }
}
