package dev.autodidact.train;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.step.StepProgram;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.nio.Buffer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * What a supervised run adds to the {@link Trainer}'s loop (pretraining has none): its own training
 * images and augmentation, its step program (with the initial state, e.g. a pretrained encoder), the
 * per-batch label inputs, and what happens at the end of each epoch (validation, best checkpoint,
 * early stopping). Its own progress is part of each checkpoint ({@link #state()}), so a resumed run
 * continues exactly.
 */
public interface TrainTask {
  /** The training images (labelled). */
  Dataset dataset();

  /** The training augmentation, normalized. */
  Pipeline pipeline();

  /** The step program to run, its initial state included. */
  StepProgram program(long seed);

  /** Micro-batches per update (gradient accumulation), 1 for none. */
  int accumulate();

  /**
   * Writes the label inputs of the batch whose samples are dataset {@code indices} into {@code feeds}:
   * one direct native-order buffer per step input that is neither {@code x}, {@code lr}, {@code step}
   * nor {@code apply}, sized for the step's batch.
   */
  void writeLabels(int[] indices, Map<String, Buffer> feeds);

  /**
   * Runs at the end of epoch {@code epoch} (0-based); {@code state} copies the current state (call it
   * only when needed: it costs a copy of every tensor). Returns empty metrics when it did nothing; may
   * ask to stop.
   */
  EpochResult endOfEpoch(int epoch, long step, Supplier<Map<String, TensorData>> state) throws IOException;

  /** This task's progress, for {@code trainer.json}. */
  JsonNode state();

  /** Continues from a checkpoint's {@link #state()}. */
  void restore(JsonNode state);

  /**
   * What an epoch end produced.
   *
   * @param metrics the line for {@code metrics.jsonl} (without step and epoch), e.g. validation metrics
   * @param improved whether this is the best state so far (written to {@code RUN/best/})
   * @param stop whether to stop now (early stopping)
   * @param message a human line for the log
   */
  record EpochResult(Map<String, Object> metrics, boolean improved, boolean stop, String message) {
    public EpochResult {
      metrics = Map.copyOf(metrics);
    }
  }
}
