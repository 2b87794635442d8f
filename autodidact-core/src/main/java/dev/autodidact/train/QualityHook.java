package dev.autodidact.train;

import dev.autodidact.eval.RepresentationStats;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The loop's side of the quality monitor: measure, log a metrics line, show it in the progress. */
final class QualityHook {
  private static final Logger LOG = LoggerFactory.getLogger(QualityHook.class);

  private final QualityMonitor monitor;
  private final MetricsLog metrics;
  private final Progress progress;
  private QualityMonitor.Measurement last;

  QualityHook(QualityMonitor monitor, MetricsLog metrics, Progress progress) {
    this.monitor = monitor;
    this.metrics = metrics;
    this.progress = progress;
  }

  /** Measures after {@code step} (of {@code epoch}); returns the nanoseconds it took. */
  long measure(long step, int epoch, Map<String, TensorData> state) throws IOException {
    long t0 = System.nanoTime();
    QualityMonitor.Measurement q = monitor.measure(state, step);
    last = q;
    RepresentationStats s = q.stats();
    double secs = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> row = new LinkedHashMap<>();
    row.put("step", step);
    row.put("epoch", epoch);
    row.put("rankme", Json.finite(s.rankMe()));
    row.put("monitor_std", Json.finite(s.std()));
    row.put("uniformity", Json.finite(s.uniformity()));
    row.put("alignment", Json.finite(q.alignment()));
    if (!Double.isNaN(q.knnAccuracy())) {
      row.put("knn_acc", q.knnAccuracy());
    }
    row.put("monitor_seconds", secs);
    metrics.append(row);
    progress.quality(s.rankMe());
    LOG.info(String.format(Locale.ROOT, "monitor at step %d (epoch %d): RankMe %.2f, std %.4f, uniformity %.3f, alignment %.3f%s"
        + " on %d images in %.1f s", step, epoch, s.rankMe(), s.std(), s.uniformity(), q.alignment(),
        Double.isNaN(q.knnAccuracy()) ? "" : String.format(Locale.ROOT, ", kNN accuracy %.3f", q.knnAccuracy()),
        monitor.size(), secs));
    return System.nanoTime() - t0;
  }

  /** The latest measurement (null before the first). */
  QualityMonitor.Measurement last() {
    return last;
  }
}
