package dev.autodidact.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pretraining run: facts from {@code summary.json} and one curve per numeric series of
 * {@code metrics.jsonl}, the known ones first and explained, any others (added by later monitors)
 * after them under their own names.
 */
final class RunSection {
  /** Known series: key, title, y axis, plain-language reading. */
  private static final List<String[]> KNOWN = List.of(
      new String[] {"loss", "Training loss", "loss", "Should fall and flatten. For contrastive methods it keeps "
          + "falling slowly long after the features stop improving."},
      new String[] {"embedding_std", "Embedding spread (collapse check)", "std of normalised embeddings",
          "The spread of the L2-normalised embeddings over a batch. Healthy runs stay near 1/√d (green); below the red "
          + "collapse threshold 0.1/√d every image maps to nearly the same point and the features are useless."},
      new String[] {"rankme", "RankMe (label-free quality)", "effective rank", "The effective rank of the embeddings of "
          + "a fixed sample of the training images (Garrido et al. 2023): how many directions the encoder uses. It tracks "
          + "downstream accuracy without labels; higher is better, and a curve that has flattened says more epochs are "
          + "unlikely to help."},
      new String[] {"uniformity", "Uniformity", "log E exp(-2 |u - v|²)", "How evenly the normalised embeddings of the "
          + "monitor sample spread over the sphere (Wang & Isola 2020); lower is more uniform, 0 is collapse."},
      new String[] {"alignment", "Alignment", "E |f(x) - f(x')|²", "The mean squared distance between the normalised "
          + "embeddings of two augmented views of each monitor image (Wang & Isola 2020); lower means views of one image "
          + "agree. With uniformity it separates collapse (both low) from a healthy spread."},
      new String[] {"online_probe_acc", "Online linear probe accuracy", "accuracy", "A linear classifier trained "
          + "alongside, on the detached encoder features of the labelled images of each batch (--online-probe), scored "
          + "on each batch before it learns from it: a free running estimate of what a linear probe would reach."},
      new String[] {"lr", "Learning rate", "learning rate", "Warmup, then cosine decay, as the recipe asks."},
      new String[] {"grad_norm", "Gradient norm", "global L2 norm", "Spikes that keep growing are a sign of "
          + "instability; a steady or slowly falling value is normal."},
      new String[] {"images_per_s", "Throughput", "images / s", "Training speed (loader and step)."});

  /** Relative change under which RankMe counts as flat: about the noise of a 2,048-image sample. */
  private static final double PLATEAU_TOLERANCE = 0.01;

  private RunSection() {}

  /**
   * @param summary the run's summary.json (null when absent)
   * @param metrics the run's metrics (null when absent)
   * @param collapseThreshold 0.1/√d for the encoder's feature dimension d (NaN when unknown)
   */
  static void write(Html h, JsonNode summary, RunMetrics metrics, double collapseThreshold) {
    h.section("pretraining", "Pretraining run");
    if (summary != null) {
      List<List<String>> facts = new ArrayList<>();
      for (String[] f : new String[][] {{"status", "status"}, {"recipe", "recipe"}, {"step", "steps done"},
          {"total_steps", "steps planned"}, {"epochs", "epochs"}, {"final_loss", "final loss"},
          {"images_per_s", "images / s"}, {"seconds", "wall time (s)"}}) {
        JsonNode v = summary.get(f[0]);
        if (v != null && !v.isNull()) {
          facts.add(List.of(f[1], v.isFloatingPointNumber() ? String.format(Locale.ROOT, "%.4g", v.asDouble()) : v.asText()));
        }
      }
      h.table(List.of("run", "value"), facts);
      if (summary.path("collapse_warning").asBoolean(false)) {
        h.warn("The run reported a collapse warning: the embedding spread stayed below 0.1/√d. The features are "
            + "probably useless; see the embedding-spread curve.");
      }
    } else {
      h.note("No summary.json in the run (still running, or killed).");
    }
    if (metrics == null || metrics.size() == 0) {
      h.note("No metrics.jsonl in the run: no training curves.");
      h.endSection();
      return;
    }
    List<String> done = new ArrayList<>();
    for (String[] k : KNOWN) {
      double[] v = metrics.series().get(k[0]);
      if (v == null) {
        continue;
      }
      done.add(k[0]);
      boolean collapse = k[0].equals("embedding_std");
      List<Charts.Ref> refs = collapse && Double.isFinite(collapseThreshold) ? List.of(
          new Charts.Ref("healthy 1/√d", 10 * collapseThreshold,
              new Color(0x59A14F)),
          new Charts.Ref("collapse 0.1/√d",
              collapseThreshold, new Color(0xC0392B))) : List.of();
      h.figure(Charts.lines(k[1], "step", k[2], List.of(new Charts.Line(k[0].replace('_', ' '), metrics.steps(), v)), refs, false,
          collapse), k[1], collapse && Double.isFinite(collapseThreshold) ? k[3] + String.format(Locale.ROOT,
              " Here d = %d: healthy %.4f, collapse below %.4f.", Math.round(0.01 / (collapseThreshold * collapseThreshold)),
              10 * collapseThreshold, collapseThreshold) : k[3]);
      if (k[0].equals("rankme")) {
        Plateau.since(metrics.steps(), v, PLATEAU_TOLERANCE).ifPresent(step -> h.note(String.format(Locale.ROOT,
            "RankMe flat since step %d (within 1%% of its best): more epochs are unlikely to help.", Math.round(step))));
      }
    }
    for (Map.Entry<String, double[]> e : metrics.series().entrySet()) {
      if (done.contains(e.getKey())) {
        continue;
      }
      String title = e.getKey().replace('_', ' ');
      h.figure(Charts.lines(title, "step", e.getKey(), List.of(new Charts.Line(e.getKey(), metrics.steps(), e.getValue())),
          List.of(), false, false), title, "Logged as '" + e.getKey() + "' in metrics.jsonl.");
    }
    h.endSection();
  }
}
