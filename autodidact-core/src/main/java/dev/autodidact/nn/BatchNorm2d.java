package dev.autodidact.nn;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.mul;

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
 * costs a few per-channel ops instead of a second pass over the activation. EVAL uses the running stats.
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
      if (!mb.training()) {
        return Nn.batchNormInference(x, gamma, beta, mean, var, eps);
      }
      long n = x.shape().numel() / x.dim(1);
      if (n < 2) {
        throw new IllegalArgumentException(mb.graph().prefix() + ": training BatchNorm needs more than one value per"
            + " channel, got input " + x.shape());
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
}
