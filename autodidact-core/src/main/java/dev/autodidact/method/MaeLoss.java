package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Reduce.reduceMean;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;

import dev.autodidact.onnx.Tensor;

/**
 * MAE's reconstruction loss: mean squared error per patch, averaged over the masked patches only. With
 * {@code normPixLoss} each target patch is standardized by its own mean and UNBIASED variance (torch's
 * {@code var} default), {@code (t − μ)/√(σ² + 1e-6)} — the MAE paper's better-representation setting.
 *
 * @param normPixLoss normalize target patches (MAE default: true)
 */
public record MaeLoss(boolean normPixLoss) {
  /** The variance epsilon of MAE's norm_pix_loss. */
  public static final double NORM_PIX_EPS = 1e-6;

  /** The MAE default, norm_pix_loss = true. */
  public MaeLoss() {
    this(true);
  }

  /**
   * pred, target: [N, L, P] (target = patchify(images)); mask: [N, L] float, 1 = removed. Returns
   * {@code Σ mean_P((pred − t)²)·mask / Σ mask}. P must be ≥ 2 with normPixLoss (unbiased variance).
   */
  public Tensor apply(Tensor pred, Tensor target, Tensor mask) {
    if (!pred.shape().equals(target.shape()) || pred.rank() != 3) {
      throw new IllegalArgumentException("MAE loss needs pred and target [N, L, P], got " + pred.shape() + " and "
          + target.shape());
    }
    if (mask.rank() != 2 || mask.dim(0) != pred.dim(0) || mask.dim(1) != pred.dim(1)) {
      throw new IllegalArgumentException("MAE mask " + mask.shape() + " does not match " + pred.shape());
    }
    long p = pred.dim(2);
    try (var s = pred.graph().scope("mae_loss")) {
      Tensor t = target;
      if (normPixLoss) {
        if (p < 2) {
          throw new IllegalArgumentException("norm_pix_loss needs at least 2 values per patch");
        }
        Tensor centered = sub(t, reduceMean(t, true, -1)); // [N, L, P]
        Tensor var = div(reduceSumSquare(centered, true, -1), (double) (p - 1)); // unbiased, [N, L, 1]
        t = div(centered, sqrt(add(var, NORM_PIX_EPS)));
      }
      Tensor d = sub(pred, t);
      Tensor perPatch = reduceMean(mul(d, d), false, -1); // [N, L]
      return div(reduceSum(mul(perPatch, mask), false), reduceSum(mask, false));
    }
  }
}
