package dev.autodidact.optim;

import dev.autodidact.recipe.Recipe;

/**
 * Learning rate per update, computed in Java and fed to the step graph's {@code lr} input: linear warmup
 * from 0 to {@code peak} over {@code warmupSteps}, then a half-cosine from {@code peak} to {@code minLr}
 * at {@code totalSteps}, and {@code minLr} after. This is MAE's {@code adjust_learning_rate} evaluated
 * per step: the argument is the 0-based update index, so update 0 of a warmup runs at lr 0 and update
 * {@code warmupSteps} at the peak.
 */
public record LrSchedule(double peak, double minLr, long warmupSteps, long totalSteps) {
  public LrSchedule {
    if (!(peak > 0) || minLr < 0 || minLr > peak || warmupSteps < 0 || totalSteps < warmupSteps) {
      throw new IllegalArgumentException("bad LR schedule: peak " + peak + ", min " + minLr + ", warmup "
          + warmupSteps + ", total " + totalSteps + " (need 0 <= min <= peak, 0 <= warmup <= total)");
    }
  }

  /**
   * The recipe's schedule for {@code batch} images per update and {@code stepsPerEpoch} updates per
   * epoch; the peak is {@link Recipe.Optimizer#peakLr(int)} (base × batch/256 under {@code linear256}).
   */
  public static LrSchedule fromRecipe(Recipe recipe, int batch, long stepsPerEpoch) {
    return of(recipe.optimizer(), recipe.schedule(), batch, stepsPerEpoch);
  }

  /** As {@link #fromRecipe} with the parts given separately (epochs may be overridden by the CLI). */
  public static LrSchedule of(Recipe.Optimizer opt, Recipe.Schedule s, int batch, long stepsPerEpoch) {
    if (stepsPerEpoch <= 0) {
      throw new IllegalArgumentException("steps per epoch must be > 0, got " + stepsPerEpoch);
    }
    return new LrSchedule(opt.peakLr(batch), s.minLr(), s.warmupEpochs() * stepsPerEpoch, s.epochs() * stepsPerEpoch);
  }

  /** The learning rate of update {@code step} (0-based). */
  public double lr(long step) {
    if (step < 0) {
      throw new IllegalArgumentException("step must be >= 0, got " + step);
    }
    if (step < warmupSteps) {
      return peak * step / warmupSteps;
    }
    if (step >= totalSteps) {
      return minLr;
    }
    double progress = (double) (step - warmupSteps) / (totalSteps - warmupSteps);
    return minLr + (peak - minLr) * 0.5 * (1 + Math.cos(Math.PI * progress));
  }
}
