package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.clip;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.neg;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Elementwise.where;
import static dev.autodidact.onnx.Linalg.gemm;
import static dev.autodidact.onnx.Reduce.logSoftmax;
import static dev.autodidact.onnx.Reduce.reduceMean;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;

/**
 * SimCLR's NT-Xent loss over 2B rows where rows i and i+B are two views of image i:
 * {@code z = h / max(‖h‖, 1e-12)}, {@code logits = z·zᵀ/τ} with the diagonal set to −1e9 (finite, so no
 * NaN from −inf·0 in the backward pass), cross-entropy with target i±B, mean over the 2B rows.
 *
 * @param temperature τ &gt; 0 (SimCLR CIFAR-10: 0.5)
 */
public record NtXentLoss(double temperature) {
  /** The value put on the diagonal of the logits, as in the reference. */
  public static final double NEG_DIAG = -1e9;
  /** SimCLR's CIFAR-10 temperature. */
  public static final double DEFAULT_TEMPERATURE = 0.5;

  public NtXentLoss {
    if (!(temperature > 0) || !Double.isFinite(temperature)) {
      throw new IllegalArgumentException("NT-Xent temperature must be > 0 and finite, got " + temperature);
    }
  }

  /** The paper default τ = 0.5. */
  public NtXentLoss() {
    this(DEFAULT_TEMPERATURE);
  }

  /** h: [2B, D] un-normalized projections → scalar loss. */
  public Tensor apply(Tensor h) {
    if (h.rank() != 2 || h.dim(0) % 2 != 0 || h.dim(0) < 2) {
      throw new IllegalArgumentException("NT-Xent needs [2B, D] with B >= 1, got " + h.shape());
    }
    Graph g = h.graph();
    int n2 = Math.toIntExact(h.dim(0));
    int b = n2 / 2;
    try (var s = g.scope("ntxent")) {
      // max(‖h‖, 1e-12) == sqrt(max(‖h‖², 1e-24)); clamping before the sqrt keeps the backward finite for
      // an all-zero row (the clamp then passes no gradient instead of 0·∞).
      Tensor norm = sqrt(clip(reduceSumSquare(h, true, 1), 1e-24, null)); // [2B, 1]
      Tensor z = div(h, norm); // [2B, D]
      Tensor logits = gemm(z, z, null, 1.0 / temperature, 0, false, true); // [2B, 2B]
      boolean[] eye = new boolean[n2 * n2];
      double[] target = new double[n2 * n2];
      for (int i = 0; i < n2; i++) {
        eye[i * n2 + i] = true;
        target[i * n2 + (i < b ? i + b : i - b)] = 1;
      }
      Shape sq = Shape.of(n2, n2);
      logits = where(g.constant(TensorData.bools(sq, eye)), g.scalar(NEG_DIAG, h.dtype()), logits);
      Tensor logp = logSoftmax(logits, 1);
      Tensor picked = reduceSum(mul(logp, g.constant(TensorData.fromDoubles(h.dtype(), sq, target))), false, 1);
      return neg(reduceMean(picked, false));
    }
  }
}
