package dev.autodidact.train;

import com.fasterxml.jackson.databind.JsonNode;
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
 * @param task state of a supervised run's task (best metric so far, epochs without improvement, label
 *     setup); null for pretraining
 */
public record TrainerState(String format, long step, int epoch, int batchInEpoch, long seed, JsonNode recipe,
    JsonNode recipeFile, Map<String, Object> overrides, Map<String, Object> lrSchedule, double loss,
    double elapsedSeconds, String libraryVersion,
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    JsonNode task) {
  /** The only format this version reads and writes. */
  public static final String FORMAT = "autodidact-trainer/1";

  /** A pretraining run's state (no task). */
  public TrainerState(String format, long step, int epoch, int batchInEpoch, long seed, JsonNode recipe,
      JsonNode recipeFile, Map<String, Object> overrides, Map<String, Object> lrSchedule, double loss,
      double elapsedSeconds, String libraryVersion) {
    this(format, step, epoch, batchInEpoch, seed, recipe, recipeFile, overrides, lrSchedule, loss, elapsedSeconds,
        libraryVersion, null);
  }

  public TrainerState {
    overrides = Map.copyOf(overrides);
    lrSchedule = Map.copyOf(lrSchedule);
  }
}
