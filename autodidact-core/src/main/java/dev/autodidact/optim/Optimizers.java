package dev.autodidact.optim;

import dev.autodidact.recipe.Recipe;

/** Builds the optimizer a recipe names. */
public final class Optimizers {
  private Optimizers() {}

  /**
   * The recipe's optimizer; {@code flat} selects {@link Flat} state for SGD and AdamW. LARS needs
   * per-tensor norms and is always per tensor.
   */
  public static Optimizer fromRecipe(Recipe.Optimizer o, boolean flat) {
    return fromRecipe(o, flat, PerTensor.DEFAULT_GROUP_BELOW);
  }

  /**
   * As above; per-tensor SGD and AdamW update parameters of at most {@code groupBelow} elements in one
   * shared chain (see {@link PerTensor}; 0: each on its own).
   */
  public static Optimizer fromRecipe(Recipe.Optimizer o, boolean flat, long groupBelow) {
    return switch (o.type()) {
      case "sgd" -> wrap(new Sgd(o.momentum(), o.weightDecay()), o.clipGradNorm(), flat, groupBelow);
      case "adamw" -> wrap(new AdamW(o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay()),
          o.clipGradNorm(), flat, groupBelow);
      case "lars" -> new Lars(o.momentum(), o.weightDecay(), o.trustCoefficient(), o.clipGradNorm());
      default -> throw new IllegalArgumentException("unknown optimizer type " + o.type());
    };
  }

  private static Optimizer wrap(UpdateRule rule, Double clip, boolean flat, long groupBelow) {
    return flat ? new Flat(rule, clip) : new PerTensor(rule, clip, groupBelow);
  }
}
