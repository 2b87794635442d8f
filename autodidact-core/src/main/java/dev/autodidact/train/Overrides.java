package dev.autodidact.train;

import dev.autodidact.UserInputException;
import dev.autodidact.recipe.Recipe;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the user changed from the command line; null means "as the recipe says". Recipe fields are
 * applied by rebuilding the (immutable, validated) recipe; the others only steer the run. Both are
 * recorded in {@code trainer.json}.
 *
 * @param epochs {@code schedule.epochs}: the run's length and the cosine's horizon; {@code warmup_epochs}
 *     is scaled by the same factor (rounded; {@link TrainPlan} keeps the exact share in steps)
 * @param maxSteps stop after this many updates (the schedule is fitted to the shorter of the two)
 * @param batch {@code train.batch} (images per step; the LR follows the recipe's batch rule)
 * @param lr {@code optimizer.base_lr} (before the batch rule)
 * @param temperature {@code simclr.temperature}
 * @param maskRatio {@code mae.mask_ratio}
 * @param seed the run's seed (weights, data order, augmentation, masks)
 * @param threads ORT intra-op threads
 */
public record Overrides(Integer epochs, Long maxSteps, Integer batch, Double lr, Double temperature,
    Double maskRatio, Long seed, Integer threads) {
  /** Nothing overridden. */
  public static final Overrides NONE = new Overrides(null, null, null, null, null, null, null, null);

  public Overrides {
    check(epochs == null || epochs > 0, "--epochs must be >= 1, got " + epochs);
    check(maxSteps == null || maxSteps > 0, "--max-steps must be >= 1, got " + maxSteps);
    check(batch == null || batch > 0, "--batch must be >= 1, got " + batch);
    check(lr == null || (lr > 0 && Double.isFinite(lr)), "--lr must be a finite number > 0, got " + lr);
    check(threads == null || threads > 0, "--threads must be >= 1, got " + threads);
  }

  private static void check(boolean ok, String msg) {
    if (!ok) {
      throw new UserInputException(msg);
    }
  }

  /**
   * The recipe with these overrides. A change that the recipe's own validation refuses (a mask ratio
   * out of range) throws with the recipe's message; an option that does not apply to the method
   * ({@code --temperature} for MAE) throws too.
   */
  public Recipe apply(Recipe r) {
    if (temperature != null && r.simclr() == null) {
      throw new UserInputException("--temperature applies to SimCLR recipes; " + r.name() + " is " + r.method());
    }
    if (maskRatio != null && r.mae() == null) {
      throw new UserInputException("--mask-ratio applies to MAE recipes; " + r.name() + " is " + r.method());
    }
    Recipe.Optimizer o = r.optimizer();
    Recipe.Optimizer opt = lr == null ? o : new Recipe.Optimizer(o.type(), lr, o.lrScaling(), o.momentum(),
        o.betas(), o.eps(), o.weightDecay(), o.trustCoefficient(), o.clipGradNorm());
    Recipe.Schedule s = r.schedule();
    Recipe.Schedule sched = epochs == null ? s
        : new Recipe.Schedule((int) Math.round((double) s.warmupEpochs() * epochs / s.epochs()), epochs, s.minLr());
    Recipe.SimClr simclr = temperature == null ? r.simclr() : new Recipe.SimClr(r.simclr().head(), temperature);
    Recipe.Mae mae = maskRatio == null ? r.mae()
        : new Recipe.Mae(maskRatio, r.mae().normPixLoss(), r.mae().decoder());
    Recipe.Train train = batch == null ? r.train() : new Recipe.Train(batch);
    return new Recipe(r.name(), r.method(), r.input(), r.encoder(), simclr, mae, r.classifier(), opt, sched,
        r.augment(), train, r.finetune());
  }

  /** The overrides that were given, by option name, for {@code trainer.json}. */
  public Map<String, Object> given() {
    Map<String, Object> m = new LinkedHashMap<>();
    put(m, "epochs", epochs);
    put(m, "max_steps", maxSteps);
    put(m, "batch", batch);
    put(m, "lr", lr);
    put(m, "temperature", temperature);
    put(m, "mask_ratio", maskRatio);
    put(m, "seed", seed);
    put(m, "threads", threads);
    return m;
  }

  private static void put(Map<String, Object> m, String k, Object v) {
    if (v != null) {
      m.put(k, v);
    }
  }
}
