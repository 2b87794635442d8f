package dev.autodidact.train;

import dev.autodidact.recipe.Recipe;

/**
 * Watches the std of the L2-normalized embeddings: ≈ 1/√d when the representation is spread out,
 * → 0 when every image maps to the same direction (collapse). It fires once the value has stayed below
 * {@code threshold} for {@code intervals} consecutive logging intervals; a single dip (early training,
 * a hard batch) is not a collapse.
 */
final class CollapseMonitor {
  /** The default threshold factor: 0.1/√d, a tenth of the healthy value. */
  static final double DEFAULT_FACTOR = 0.1;

  private final double threshold;
  private final int intervals;
  private int below;
  private boolean fired;

  CollapseMonitor(double threshold, int intervals) {
    if (intervals < 1) {
      throw new IllegalArgumentException("collapse intervals must be >= 1, got " + intervals);
    }
    this.threshold = threshold;
    this.intervals = intervals;
  }

  /** 0.1/√d for the recipe's embedding dimension d. */
  static double defaultThreshold(Recipe r) {
    return DEFAULT_FACTOR / Math.sqrt(embeddingDim(r));
  }

  /** The dimension of the features whose std the step graph reports (backbone output, ViT cls token). */
  static int embeddingDim(Recipe r) {
    Recipe.Encoder e = r.encoder();
    if (e.type().equals("vit")) {
      return e.dim();
    }
    int last = e.widths().get(e.widths().size() - 1);
    return e.block().equals("bottleneck") ? 4 * last : last;
  }

  double threshold() {
    return threshold;
  }

  /** Records one interval's value; true exactly once, when collapse is first detected. */
  boolean observe(double embeddingStd) {
    below = Double.isFinite(embeddingStd) && embeddingStd < threshold ? below + 1 : 0;
    if (!fired && below >= intervals) {
      fired = true;
      return true;
    }
    return false;
  }

  /** Whether collapse was detected at any point. */
  boolean fired() {
    return fired;
  }
}
