package dev.autodidact.train;

import dev.autodidact.UserInputException;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Split;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.SessionConfig;
import java.nio.file.Path;

/**
 * Everything a pretraining run is given.
 *
 * @param recipeFile the recipe as loaded from its file
 * @param overrides command-line changes (applied by {@link #recipe()})
 * @param data the images: folder, CSV manifest or IDX
 * @param out the run directory
 * @param seed the run's seed
 * @param session ORT settings (device, threads)
 * @param loaderThreads decode/augment threads
 * @param logEvery steps between metrics lines
 * @param checkpointEvery steps between checkpoints (0: only at the end)
 * @param keep checkpoints kept
 * @param collapseIntervals logging intervals under the threshold before the collapse warning
 * @param progressBar draw a live bar (a terminal); otherwise log a line per interval
 * @param split the manifest rows trained on ({@link Split#pretraining()} unless told otherwise)
 * @param maxPixels images over this many pixels are refused from their header
 */
public record RunSpec(Recipe recipeFile, Overrides overrides, Path data, Path out, long seed, SessionConfig session,
    int loaderThreads, int logEvery, int checkpointEvery, int keep, int collapseIntervals, boolean progressBar,
    Split split, long maxPixels) {
  /** The pretraining split and the default pixel limit. */
  public RunSpec(Recipe recipeFile, Overrides overrides, Path data, Path out, long seed, SessionConfig session,
      int loaderThreads, int logEvery, int checkpointEvery, int keep, int collapseIntervals, boolean progressBar) {
    this(recipeFile, overrides, data, out, seed, session, loaderThreads, logEvery, checkpointEvery, keep,
        collapseIntervals, progressBar, Split.pretraining(), DecodeOptions.DEFAULT_MAX_PIXELS);
  }

  public RunSpec {
    split = split == null ? Split.pretraining() : split;
    if (maxPixels <= 0) {
      throw new UserInputException("--max-pixels must be positive, got " + maxPixels);
    }
    // One message per option, naming the one that is wrong and its value.
    atLeast("--log-every", logEvery, 1);
    atLeast("--checkpoint-every", checkpointEvery, 0);
    atLeast("--keep", keep, 1);
    atLeast("--loader-threads", loaderThreads, 1);
    atLeast("--collapse-intervals", collapseIntervals, 1);
  }

  private static void atLeast(String option, int value, int min) {
    if (value < min) {
      throw new UserInputException(option + " must be >= " + min + ", got " + value);
    }
  }

  /** The recipe with the overrides applied. */
  public Recipe recipe() {
    return overrides.apply(recipeFile);
  }

  /** {@code --max-steps}, or 0. */
  public long maxSteps() {
    return overrides.maxSteps() == null ? 0 : overrides.maxSteps();
  }
}
