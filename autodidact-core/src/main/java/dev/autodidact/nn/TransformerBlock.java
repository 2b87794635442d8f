package dev.autodidact.nn;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.gelu;

import dev.autodidact.onnx.Tensor;

/**
 * Pre-LN transformer block (timm ViT without drop-path or layer-scale): {@code x + attn(norm1(x))}, then
 * {@code x + mlp(norm2(x))} with {@code mlp = fc2(gelu(fc1(·)))}, exact GELU, hidden = ⌊D·mlpRatio⌋.
 */
public final class TransformerBlock {
  private TransformerBlock() {}

  /** x: [N, T, D] → [N, T, D]; parameters under {@code <name>.{norm1,attn,norm2,mlp}}. */
  public static Tensor apply(ModelBuilder mb, String name, Tensor x, int heads, double mlpRatio, double eps) {
    long d = x.dim(-1);
    try (var s = mb.scope(name)) {
      x = add(x, Attention.apply(mb, "attn", LayerNorm.apply(mb, "norm1", x, eps), heads));
      Tensor h = LayerNorm.apply(mb, "norm2", x, eps);
      try (var m = mb.scope("mlp")) {
        h = Linear.apply(mb, "fc1", h, (long) (d * mlpRatio), Linear.InitStyle.XAVIER);
        h = Linear.apply(mb, "fc2", gelu(h), d, Linear.InitStyle.XAVIER);
      }
      return add(x, h);
    }
  }
}
