package dev.autodidact.train;

import dev.autodidact.UserInputException;
import java.nio.file.Path;

/**
 * When and on how much data the pretraining loop measures representation quality (RankMe, std,
 * uniformity; see {@link QualityMonitor}).
 *
 * @param enabled measure at all
 * @param everySteps steps between measurements; 0 with {@code enabled}: at the end of each epoch
 * @param samples images of the fixed, seeded training-set sample (fewer when the data set is smaller);
 *     0: the default, {@link #DEFAULT_SAMPLES} capped at an eighth of the training set (at least 256)
 *     so that on small data sets the monitor stays a few percent of an epoch
 * @param labelled labelled images for the kNN monitor ({@code --monitor-data}), or null
 */
public record MonitorOptions(boolean enabled, int everySteps, int samples, Path labelled) {
  /** The CLI's default sample size. */
  public static final int DEFAULT_SAMPLES = 2048;
  /** The smallest default sample: below it RankMe's estimate is too noisy to compare between epochs. */
  static final int MIN_DEFAULT_SAMPLES = 256;

  public MonitorOptions {
    if (everySteps < 0) {
      throw new UserInputException("--monitor-every must be >= 0, got " + everySteps);
    }
    if (samples < 2 && samples != 0) {
      throw new UserInputException("--monitor-samples must be >= 2, got " + samples);
    }
  }

  /** No monitoring (the library default, so runs that did not ask pay nothing). */
  public static MonitorOptions off() {
    return new MonitorOptions(false, 0, 0, null);
  }

  /**
   * The CLI's {@code --monitor-every}: null = each epoch, 0 = off, N = every N steps.
   */
  public static MonitorOptions fromCli(Integer every, Integer samples, Path labelled) {
    return fromCli(every, samples == null ? 0 : samples.intValue(), labelled);
  }

  private static MonitorOptions fromCli(Integer every, int samples, Path labelled) {
    if (every != null && every == 0) {
      return new MonitorOptions(false, 0, samples, labelled);
    }
    return new MonitorOptions(true, every == null ? 0 : every, samples, labelled);
  }

  /** The sample size for a training set of {@code size} images. */
  int samplesFor(int size) {
    return samples > 0 ? samples : Math.min(DEFAULT_SAMPLES, Math.max(MIN_DEFAULT_SAMPLES, size / 8));
  }

  /** Whether to measure after {@code step} ({@code epochEnded}: that step finished an epoch). */
  boolean due(long step, boolean epochEnded, boolean last) {
    if (!enabled) {
      return false;
    }
    return last || (everySteps == 0 ? epochEnded : step % everySteps == 0);
  }
}
