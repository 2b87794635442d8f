package dev.autodidact.optim;

import dev.autodidact.onnx.Tensor;
import java.util.List;

/**
 * An optimizer whose update is elementwise given per-step scalars (SGD, AdamW), so it can run per
 * tensor ({@link PerTensor}) or once over all parameters concatenated ({@link Flat}) with the same
 * result.
 */
public interface UpdateRule {
  /** Moment names, e.g. {@code momentum} or {@code exp_avg}, {@code exp_avg_sq}; state input names use them. */
  List<String> moments();

  /** Whether a parameter is decayed by default. */
  boolean decays(Tensor param);

  /**
   * Builds the per-step scalars (bias corrections, decay factors) once; the returned updater is then
   * applied to each tensor (or flat segment). {@code lr} and {@code step} are float32 scalars.
   */
  Updater prepare(Tensor lr, Tensor step);

  /** Applies the rule to one parameter (or one flat segment of parameters with the same decay). */
  @FunctionalInterface
  interface Updater {
    /** {@code moments} are in {@link #moments()} order; returns the new parameter and moments. */
    Updated update(Tensor param, Tensor grad, List<Tensor> moments, boolean decay);
  }

  /** The new parameter and moments of one update. */
  record Updated(Tensor param, List<Tensor> moments) {
    public Updated {
      moments = List.copyOf(moments);
    }
  }
}
