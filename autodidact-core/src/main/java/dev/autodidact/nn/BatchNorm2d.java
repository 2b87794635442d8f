package dev.autodidact.nn;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.reciprocal;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Reduce.reduceMean;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;
import static dev.autodidact.onnx.ShapeOps.reshape;

import dev.autodidact.onnx.BuildOption;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import java.util.List;

/**
 * BatchNorm over NCHW with PyTorch semantics (momentum 0.1). Parameters {@code <name>.weight},
 * {@code <name>.bias}; buffers {@code <name>.running_mean}, {@code <name>.running_var}.
 *
 * <p>TRAIN normalizes with the batch mean and biased variance and reports new running statistics to the
 * builder: {@code rm' = 0.9·rm + 0.1·mean}, {@code rv' = 0.9·rv + 0.1·var·n/(n−1)} (PyTorch keeps the
 * unbiased variance, ONNX the biased one). The batch statistics come out of the ONNX node itself, which
 * costs a few per-channel ops instead of a second pass over the activation. EVAL uses the running stats,
 * as do the layers a TRAIN builder marks frozen ({@link ModelBuilder#evalNormsWhere}).
 *
 * <p>Graph build option {@code bn.forward} ({@link BuildOption#BN_FORWARD}): {@code op} (default) uses the training-mode ONNX node;
 * {@code decomposed} builds the same arithmetic from reductions and elementwise ops (differentiated by
 * their own rules). The decomposed form exists for execution providers that take a BatchNormalization
 * node but not its training mode: ORT's oneDNN EP claims training-mode nodes and then fails at run time
 * ("cannot find memory" for the statistics outputs; docs/performance.md).
 */
public final class BatchNorm2d {
  /** PyTorch's default momentum 0.1 is ONNX's 0.9 (weight of the old value). */
  private static final double ONNX_MOMENTUM = 0.9;

  private BatchNorm2d() {}

  /** x: [N, C, H, W] → same shape. */
  public static Tensor apply(ModelBuilder mb, String name, Tensor x, double eps) {
    Shape c = Shape.of(x.dim(1));
    try (var s = mb.scope(name)) {
      Tensor gamma = mb.param("weight", c, Role.NORM_WEIGHT, Init.ones());
      Tensor beta = mb.param("bias", c, Role.NORM_BIAS, Init.zeros());
      Tensor mean = mb.buffer("running_mean", c, Init.zeros());
      Tensor var = mb.buffer("running_var", c, Init.ones());
      if (!mb.normTraining()) {
        return Nn.batchNormInference(x, gamma, beta, mean, var, eps);
      }
      long n = x.shape().numel() / x.dim(1);
      if (n < 2) {
        throw new IllegalArgumentException(mb.graph().prefix() + ": training BatchNorm needs more than one value per"
            + " channel, got input " + x.shape());
      }
      if (mb.graph().option(BuildOption.BN_FORWARD).equals("decomposed")) {
        return decomposed(mb, x, gamma, beta, mean, var, eps, n);
      }
      // ORT's training-mode BatchNormalization updates its mean/var inputs in place (even graph inputs), so
      // any other reader of running_mean/var may see the new values. Feed it private zero tensors instead:
      // then its outputs are exactly 0.1·batch_mean and 0.1·batch_var (biased), and the PyTorch update is
      // assembled here from the untouched buffers. The zeros are computed (not constants) so no shared
      // initializer can ever be written to.
      Tensor zeroMean = mul(mean, 0.0);
      Tensor zeroVar = mul(var, 0.0);
      List<Tensor> out = Nn.batchNormTraining(x, gamma, beta, zeroMean, zeroVar, eps, ONNX_MOMENTUM);
      Tensor newMean = add(mul(mean, ONNX_MOMENTUM), out.get(1));
      Tensor newVar = add(mul(var, ONNX_MOMENTUM), mul(out.get(2), (double) n / (n - 1)));
      mb.updateBuffer(mean, newMean);
      mb.updateBuffer(var, newVar);
      return out.get(0);
    }
  }

  /** The decomposed training forward with the running-statistics update of {@link #apply}. */
  private static Tensor decomposed(ModelBuilder mb, Tensor x, Tensor gamma, Tensor beta, Tensor mean, Tensor var,
      double eps, long n) {
    List<Tensor> out = trainingDecomposed(x, gamma, beta, eps);
    Shape c = mean.shape();
    mb.updateBuffer(mean, add(mul(mean, ONNX_MOMENTUM), mul(reshape(out.get(1), c), 1 - ONNX_MOMENTUM)));
    mb.updateBuffer(var, add(mul(var, ONNX_MOMENTUM), mul(reshape(out.get(2), c), (1 - ONNX_MOMENTUM) * n / (n - 1))));
    return out.get(0);
  }

  /**
   * Training-mode batch norm from reductions and elementwise ops, differentiated by their own rules:
   * x: [N, C, H, W] → [y: [N, C, H, W], batch mean: [1, C, 1, 1], biased batch variance: [1, C, 1, 1]].
   * Statistics reduce the spatial axes first, then the batch (ORT's and oneDNN's fast reductions).
   */
  public static List<Tensor> trainingDecomposed(Tensor x, Tensor gamma, Tensor beta, double eps) {
    Shape cs = Shape.of(1, x.dim(1), 1, 1);
    double count = (double) x.shape().numel() / x.dim(1);
    Tensor mu = reduceMean(reduceMean(x, true, 2, 3), true, 0); // [1, C, 1, 1]
    Tensor xc = sub(x, mu); // [N, C, H, W]
    Tensor varB = mul(reduceSum(reduceSumSquare(xc, true, 2, 3), true, 0), 1.0 / count);
    Tensor scale = mul(reshape(gamma, cs), reciprocal(sqrt(add(varB, eps))));
    Tensor y = add(mul(xc, scale), reshape(beta, cs));
    return List.of(y, mu, varB);
  }
}
