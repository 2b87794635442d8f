package dev.autodidact.optim;

import dev.autodidact.recipe.Recipe;

/** Builds the optimizer a recipe names. */
public final class Optimizers {
  private Optimizers() {}

  /** The per-tensor optimizer ({@code opt.<moment>.<param>} state, PyTorch's layout). */
  public static Optimizer fromRecipe(Recipe.Optimizer o) {
    return fromRecipe(o, false);
  }

  /**
   * The recipe's optimizer; {@code flat} selects {@link Flat} state for SGD and AdamW. LARS needs
   * per-tensor norms and is always per tensor.
   */
  public static Optimizer fromRecipe(Recipe.Optimizer o, boolean flat) {
    return switch (o.type()) {
      case "sgd" -> wrap(new Sgd(o.momentum(), o.weightDecay()), o.clipGradNorm(), flat);
      case "adamw" -> wrap(new AdamW(o.betas().get(0), o.betas().get(1), o.eps(), o.weightDecay()),
          o.clipGradNorm(), flat);
      case "lars" -> new Lars(o.momentum(), o.weightDecay(), o.trustCoefficient(), o.clipGradNorm());
      default -> throw new IllegalArgumentException("unknown optimizer type " + o.type());
    };
  }

  private static Optimizer wrap(UpdateRule rule, Double clip, boolean flat) {
    return flat ? new Flat(rule, clip) : new PerTensor(rule, clip);
  }
}
