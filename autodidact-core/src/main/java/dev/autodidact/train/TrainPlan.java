package dev.autodidact.train;

import dev.autodidact.UserInputException;
import dev.autodidact.optim.LrSchedule;
import dev.autodidact.recipe.Recipe;

/**
 * How long a run is and its learning rate per update.
 *
 * <p>The schedule spans the run: {@code totalSteps} is {@code epochs × stepsPerEpoch}, or
 * {@code --max-steps} when that is shorter, and the warmup takes the share of it that the recipe file
 * gives ({@code warmup_epochs / epochs}). So {@code --epochs 1} of a 10-of-200-epoch recipe warms up
 * over its first 5 % of steps and then decays to {@code min_lr}, instead of never leaving warmup.
 * Without overrides this is exactly the recipe's schedule. The peak follows the recipe's batch rule.
 *
 * @param stepsPerEpoch updates per epoch (full batches only)
 * @param totalSteps updates in the whole run
 * @param lr the learning rate of update {@code i} (0-based)
 */
public record TrainPlan(long stepsPerEpoch, long totalSteps, LrSchedule lr) {
  /**
   * @param file the recipe as written (its schedule's warmup share)
   * @param effective the recipe with overrides (epochs, batch, base LR)
   * @param maxSteps 0 for no limit
   */
  public static TrainPlan of(Recipe file, Recipe effective, long stepsPerEpoch, long maxSteps) {
    if (stepsPerEpoch < 1) {
      throw new IllegalArgumentException("steps per epoch must be >= 1, got " + stepsPerEpoch);
    }
    long total = (long) effective.schedule().epochs() * stepsPerEpoch;
    if (maxSteps > 0) {
      total = Math.min(total, maxSteps);
    }
    double share = Math.min(1.0, (double) file.schedule().warmupEpochs() / file.schedule().epochs());
    long warmup = Math.round(total * share);
    int batch = effective.train().batch();
    double peak = effective.optimizer().peakLr(batch);
    double min = effective.schedule().minLr();
    if (min > peak) {
      // both numbers are the user's (the recipe, --lr, --batch): say which to change rather than fail inside LrSchedule
      throw new UserInputException("schedule.min_lr " + min + " is above the peak learning rate " + peak
          + " (optimizer.base_lr or --lr, with lr_scaling " + effective.optimizer().lrScaling() + " at batch " + batch
          + "); lower schedule.min_lr or raise --lr");
    }
    LrSchedule s = new LrSchedule(peak, min, warmup, total);
    return new TrainPlan(stepsPerEpoch, total, s);
  }
}
