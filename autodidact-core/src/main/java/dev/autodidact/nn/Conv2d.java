package dev.autodidact.nn;

import dev.autodidact.onnx.ConvGemm;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;

/**
 * A bias-free square convolution with padding k/2 (every ResNet conv is followed by BatchNorm, so a bias
 * would be redundant). Parameter {@code <name>.weight} [out, in, k, k], kaiming-normal (fan_out, relu).
 */
public final class Conv2d {
  private Conv2d() {}

  /** x: [N, C, H, W] → [N, out, ⌊(H + 2⌊k/2⌋ − k)/stride⌋ + 1, …]. */
  public static Tensor apply(ModelBuilder mb, String name, Tensor x, long out, int k, int stride) {
    try (var s = mb.scope(name)) {
      Tensor w = mb.param("weight", Shape.of(out, x.dim(1), k, k), Role.WEIGHT, new Init.KaimingNormalFanOut());
      return ConvGemm.conv2d(x, w, stride, k / 2);
    }
  }
}
