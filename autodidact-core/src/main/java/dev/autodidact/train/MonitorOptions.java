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
 * @param onlineProbe train the online linear probe in the step ({@code --online-probe}; see
 *     {@link dev.autodidact.method.OnlineProbe}); independent of {@code enabled}
 * @param keepBest keep {@code RUN/best} by a measured quantity ({@code --keep-best})
 */
public record MonitorOptions(boolean enabled, int everySteps, int samples, Path labelled, boolean onlineProbe,
    KeepBest keepBest) {
  /** What {@code RUN/best} follows. */
  public enum KeepBest {
    /** No best checkpoint. */
    NONE,
    /** The highest {@code knn_acc} (needs labelled monitor data). */
    KNN,
    /** The highest {@code rankme} (label-free). */
    RANKME;

    /** The CLI spelling: {@code knn} or {@code rankme}. */
    public static KeepBest parse(String s) {
      return switch (s == null ? "" : s) {
        case "knn" -> KNN;
        case "rankme" -> RANKME;
        default -> throw new UserInputException("--keep-best must be knn or rankme, got " + s);
      };
    }
  }

  /** The CLI's default sample size. */
  public static final int DEFAULT_SAMPLES = 2048;
  /** The smallest default sample: below it RankMe's estimate is too noisy to compare between epochs. */
  static final int MIN_DEFAULT_SAMPLES = 256;

  /** Without the online probe or a best checkpoint. */
  public MonitorOptions(boolean enabled, int everySteps, int samples, Path labelled) {
    this(enabled, everySteps, samples, labelled, false, KeepBest.NONE);
  }

  public MonitorOptions {
    keepBest = keepBest == null ? KeepBest.NONE : keepBest;
    if (keepBest != KeepBest.NONE && !enabled) {
      throw new UserInputException("--keep-best needs the quality monitor, which --monitor-every 0 turns off");
    }
    if (keepBest == KeepBest.KNN && labelled == null) {
      throw new UserInputException("--keep-best knn needs --monitor-data (labelled images for the kNN accuracy);"
          + " without labels use --keep-best rankme");
    }
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
   * The CLI's options: {@code --monitor-every} (null = each epoch, 0 = off, N = every N steps),
   * {@code --monitor-samples}, {@code --monitor-data}, {@code --online-probe} and {@code --keep-best}
   * (null: none).
   */
  public static MonitorOptions fromCli(Integer every, Integer samples, Path labelled, boolean onlineProbe,
      String keepBest) {
    int n = cliSamples(samples);
    KeepBest best = keepBest == null ? KeepBest.NONE : KeepBest.parse(keepBest);
    if (every != null && every == 0) {
      return new MonitorOptions(false, 0, n, labelled, onlineProbe, best);
    }
    return new MonitorOptions(true, every == null ? 0 : every, n, labelled, onlineProbe, best);
  }

  /**
   * The CLI's {@code --monitor-samples}: null (not given) is the default, 0 here; a given value must be >= 2, 0
   * included, which would otherwise silently mean the default.
   */
  public static int cliSamples(Integer samples) {
    if (samples == null) {
      return 0;
    }
    if (samples < 2) {
      throw new UserInputException("--monitor-samples must be >= 2, got " + samples);
    }
    return samples;
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
