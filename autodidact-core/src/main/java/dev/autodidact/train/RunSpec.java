package dev.autodidact.train;

import dev.autodidact.UserInputException;
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
 */
public record RunSpec(Recipe recipeFile, Overrides overrides, Path data, Path out, long seed, SessionConfig session,
    int loaderThreads, int logEvery, int checkpointEvery, int keep, int collapseIntervals, boolean progressBar) {
  public RunSpec {
    if (logEvery < 1 || checkpointEvery < 0 || keep < 1 || loaderThreads < 1 || collapseIntervals < 1) {
      throw new UserInputException("--log-every, --keep, --loader-threads and --collapse-intervals must be >= 1,"
          + " --checkpoint-every >= 0");
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
