package dev.autodidact.train;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.data.DataFingerprint;
import java.util.List;
import java.util.Map;

/**
 * {@code trainer.json} of a checkpoint: where the run is and everything needed to continue it exactly.
 *
 * @param format {@code autodidact-trainer/1}
 * @param step updates done
 * @param epoch the epoch the next batch comes from
 * @param batchInEpoch position of the next batch within that epoch
 * @param seed the run's seed (weights, data order, augmentation, masks are functions of it)
 * @param recipe the effective recipe (file plus overrides), as JSON
 * @param recipeFile the recipe as loaded, as JSON
 * @param overrides the command-line overrides that were given
 * @param lrSchedule peak, min_lr, warmup_steps, total_steps
 * @param loss the mean loss of the last logging interval (NaN before the first)
 * @param elapsedSeconds training wall time so far, over all sessions of the run
 * @param libraryVersion the autodidact version that wrote it
 * @param data the data trained on (null in checkpoints of older versions)
 * @param changes deliberate changes made when resuming ({@code --allow-data-change}, {@code --extend})
 * @param task state of a supervised run's task (best metric so far, epochs without improvement, label
 *     setup); null for pretraining
 */
public record TrainerState(String format, long step, int epoch, int batchInEpoch, long seed, JsonNode recipe,
    JsonNode recipeFile, Map<String, Object> overrides, Map<String, Object> lrSchedule, double loss,
    double elapsedSeconds, String libraryVersion, DataFingerprint data, List<RunChange> changes,
    @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode task) {
  /** The only format this version reads and writes. */
  public static final String FORMAT = "autodidact-trainer/1";

  public TrainerState {
    overrides = Map.copyOf(overrides);
    lrSchedule = Map.copyOf(lrSchedule);
    changes = changes == null ? List.of() : List.copyOf(changes);
  }

  /** Without a data fingerprint or changes (tests; callers written before provenance). */
  public TrainerState(String format, long step, int epoch, int batchInEpoch, long seed, JsonNode recipe,
      JsonNode recipeFile, Map<String, Object> overrides, Map<String, Object> lrSchedule, double loss,
      double elapsedSeconds, String libraryVersion) {
    this(format, step, epoch, batchInEpoch, seed, recipe, recipeFile, overrides, lrSchedule, loss, elapsedSeconds,
        libraryVersion, null, List.of(), null);
  }

  /** A pretraining run's state (no task). */
  public TrainerState(String format, long step, int epoch, int batchInEpoch, long seed, JsonNode recipe,
      JsonNode recipeFile, Map<String, Object> overrides, Map<String, Object> lrSchedule, double loss,
      double elapsedSeconds, String libraryVersion, DataFingerprint data, List<RunChange> changes) {
    this(format, step, epoch, batchInEpoch, seed, recipe, recipeFile, overrides, lrSchedule, loss, elapsedSeconds,
        libraryVersion, data, changes, null);
  }
}
