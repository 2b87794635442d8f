package dev.autodidact.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code pretrain --keep-best knn|rankme}: after each quality measurement that beats the best so far,
 * the state is written to {@code RUN/best/step-NNNNNN/} (the checkpoint format, written atomically and
 * replacing the previous best only once complete, as fine-tuning's {@code best/}); its
 * {@code trainer.json} records the measurement under {@code task}:
 * {@code {"metric": "knn_acc", "best": 0.83, "best_step": 468}}. A resumed run continues from the
 * value recorded there.
 */
final class BestKeeper {
  private static final Logger LOG = LoggerFactory.getLogger(BestKeeper.class);
  /** The folder inside the run. */
  static final String FOLDER = "best";

  private final MonitorOptions.KeepBest which;
  private final CheckpointStore store;
  private double best = Double.NEGATIVE_INFINITY;
  private Path written;

  BestKeeper(Path run, MonitorOptions.KeepBest which) {
    this.which = which;
    this.store = new CheckpointStore(run, FOLDER);
  }

  /** The metrics.jsonl key it follows. */
  String metric() {
    return which == MonitorOptions.KeepBest.KNN ? "knn_acc" : "rankme";
  }

  /** On resume: the best so far is the one {@code RUN/best} records (none: every measurement is better). */
  void restore() throws IOException {
    List<Path> dirs = store.list();
    if (dirs.isEmpty()) {
      return;
    }
    try {
      JsonNode t = store.read(dirs.get(0), null).trainer().task();
      written = dirs.get(0);
      if (t != null && metric().equals(t.path("metric").asText()) && t.has("best")) {
        best = t.get("best").asDouble();
      }
    } catch (CheckpointException e) {
      LOG.warn("{}; the next measurement replaces it", e.getMessage());
    }
  }

  /** The best checkpoint's directory, or null while there is none. */
  Path written() {
    return written;
  }

  /** Writes {@code state} as the best when {@code m} beats the best so far; returns whether it did. */
  boolean offer(QualityMonitor.Measurement m, TrainerState trainer, Map<String, TensorData> state) throws IOException {
    double v = which == MonitorOptions.KeepBest.KNN ? m.knnAccuracy() : m.stats().rankMe();
    if (!Double.isFinite(v) || v <= best) {
      return false;
    }
    best = v;
    ObjectNode rec = JsonNodeFactory.instance.objectNode();
    rec.put("metric", metric());
    rec.put("best", v);
    rec.put("best_step", trainer.step());
    TrainerState t = new TrainerState(trainer.format(), trainer.step(), trainer.epoch(), trainer.batchInEpoch(),
        trainer.seed(), trainer.recipe(), trainer.recipeFile(), trainer.overrides(), trainer.lrSchedule(), trainer.loss(),
        trainer.elapsedSeconds(), trainer.libraryVersion(), trainer.data(), trainer.changes(), rec);
    Path dir = store.write(t, state, 1);
    written = dir;
    LOG.info(String.format(Locale.ROOT, "best %s so far (%.4f at step %d): %s", metric(), v, trainer.step(), dir));
    return true;
  }
}
