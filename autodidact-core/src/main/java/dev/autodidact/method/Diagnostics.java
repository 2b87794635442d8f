package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.clip;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Reduce.reduceMean;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;

import dev.autodidact.onnx.Tensor;

/** Cheap in-graph health measures that ride along with the loss. */
public final class Diagnostics {
  /** Name of the collapse metric. */
  public static final String EMBEDDING_STD = "embedding_std";

  private Diagnostics() {}

  /**
   * Collapse monitor (SimSiam; lightly's {@code std_of_l2_normalized}): L2-normalize each row of
   * {@code e} [N, D], take the unbiased std over the batch per dim, average over dims. ≈ 1/√D for a
   * healthy spread, → 0 when all embeddings collapse to one direction. Wrapped in stopGradient: a
   * diagnostic must never feed the backward pass.
   */
  public static Tensor embeddingStd(Tensor e) {
    if (e.rank() != 2 || e.dim(0) < 2) {
      throw new IllegalArgumentException("embedding std needs [N >= 2, D], got " + e.shape());
    }
    long n = e.dim(0);
    try (var s = e.graph().scope(EMBEDDING_STD)) {
      Tensor x = e.graph().stopGradient(e);
      Tensor z = div(x, sqrt(clip(reduceSumSquare(x, true, 1), 1e-24, null))); // [N, D]
      Tensor c = sub(z, reduceMean(z, true, 0));
      Tensor var = div(reduceSumSquare(c, false, 0), (double) (n - 1)); // [D]
      return reduceMean(sqrt(var), false);
    }
  }
}
