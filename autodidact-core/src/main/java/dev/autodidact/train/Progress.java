package dev.autodidact.train;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shows progress: a live bar (steps, loss, images/s, ETA) in a terminal, or one log line per logging
 * interval when the output is a file or a pipe, where a bar would be thousands of carriage returns.
 */
final class Progress implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

  private final ProgressBar bar;
  private final long total;
  private double rankMe = Double.NaN;
  private double probeAcc = Double.NaN;

  Progress(boolean interactive, long start, long total) {
    this.total = total;
    this.bar = interactive
        ? new ProgressBarBuilder().setTaskName("pretrain").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
            .setUpdateIntervalMillis(500).startsFrom(start, Duration.ZERO).setMaxRenderedLength(120).build()
        : null;
  }

  /** Every step: moves the bar (no allocation). */
  void step(long step) {
    if (bar != null) {
      bar.stepTo(step);
    }
  }

  /** After each quality measurement: shown from the next interval on. */
  void quality(double rankMe) {
    this.rankMe = rankMe;
  }

  /** Each interval with the online probe: its accuracy (null: no labelled rows), shown from now on. */
  void probe(Double accuracy) {
    if (accuracy != null) {
      this.probeAcc = accuracy;
    }
  }

  /** Every logging interval. */
  void interval(MetricsLog.Line m, double etaSeconds) {
    String s = String.format(Locale.ROOT, "loss %.4f | %.1f img/s | lr %.3g", m.loss() == null ? Double.NaN : m.loss(),
        m.imagesPerS() == null ? Double.NaN : m.imagesPerS(), m.lr());
    if (Double.isFinite(rankMe)) {
      s += String.format(Locale.ROOT, " | rankme %.1f", rankMe);
    }
    if (Double.isFinite(probeAcc)) {
      s += String.format(Locale.ROOT, " | probe %.1f%%", 100 * probeAcc);
    }
    if (bar != null) {
      bar.setExtraMessage(s);
    } else {
      LOG.info("step {}/{} (epoch {}) {} | eta {}", m.step(), total, m.epoch(), s, eta(etaSeconds));
    }
  }

  private static String eta(double s) {
    if (!Double.isFinite(s) || s < 0) {
      return "?";
    }
    long t = Math.round(s);
    return t >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", t / 3600, t % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", t / 60, t % 60);
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
