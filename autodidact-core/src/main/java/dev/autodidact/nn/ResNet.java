package dev.autodidact.nn;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.relu;

import dev.autodidact.onnx.ConvSpec;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;
import java.util.List;

/**
 * ResNet (torchvision v1.5 layout) with a {@code cifar} stem (3×3 s1, no max-pool) or an {@code imagenet}
 * stem (7×7 s2 p3 + max-pool 3×3 s2 p1), basic or bottleneck blocks, any input channel count, global
 * average pool. Names: {@code stem.{conv,bn}}, {@code stage<s>.block<b>.{conv1,bn1,conv2,bn2[,conv3,bn3]}},
 * {@code ...shortcut.{conv,bn}} (s from 1, b from 0), as in {@code tools/reference/models.py}.
 */
public final class ResNet implements Backbone {
  private final int inChannels;
  private final boolean imagenetStem;
  private final boolean bottleneck;
  private final List<Integer> layers;
  private final List<Integer> widths;
  private final double eps;

  public ResNet(int inChannels, Recipe.Encoder enc) {
    if (!enc.type().equals("resnet")) {
      throw new IllegalArgumentException("not a resnet encoder: " + enc.type());
    }
    this.inChannels = inChannels;
    this.imagenetStem = enc.stem().equals("imagenet");
    this.bottleneck = enc.block().equals("bottleneck");
    this.layers = enc.layers();
    this.widths = enc.widths();
    this.eps = enc.bnEps();
  }

  private int expansion() {
    return bottleneck ? 4 : 1;
  }

  @Override
  public long featureDim() {
    return (long) widths.get(widths.size() - 1) * expansion();
  }

  @Override
  public Tensor features(ModelBuilder mb, Tensor x) {
    if (x.dim(1) != inChannels) {
      throw new IllegalArgumentException("ResNet expects " + inChannels + " channels, got " + x.shape());
    }
    try (var s = mb.scope("stem")) {
      x = Conv2d.apply(mb, "conv", x, widths.get(0), imagenetStem ? 7 : 3, imagenetStem ? 2 : 1);
      x = relu(BatchNorm2d.apply(mb, "bn", x, eps));
    }
    if (imagenetStem) {
      x = Nn.maxPool(x, new long[] {3, 3}, ConvSpec.of2d(2, 1));
    }
    for (int st = 1; st <= widths.size(); st++) {
      for (int b = 0; b < layers.get(st - 1); b++) {
        int stride = (b == 0 && st > 1) ? 2 : 1;
        try (var s = mb.scope("stage" + st + ".block" + b)) {
          x = bottleneck ? bottleneck(mb, x, widths.get(st - 1), stride) : basic(mb, x, widths.get(st - 1), stride);
        }
      }
    }
    return ShapeOps.flatten(Nn.globalAveragePool(x), 1); // [N, C]
  }

  // 3×3(stride)–BN–ReLU–3×3–BN (+shortcut)–ReLU.
  private Tensor basic(ModelBuilder mb, Tensor x, int width, int stride) {
    Tensor h = relu(BatchNorm2d.apply(mb, "bn1", Conv2d.apply(mb, "conv1", x, width, 3, stride), eps));
    h = BatchNorm2d.apply(mb, "bn2", Conv2d.apply(mb, "conv2", h, width, 3, 1), eps);
    return relu(add(h, shortcut(mb, x, width, stride)));
  }

  // 1×1–BN–ReLU–3×3(stride)–BN–ReLU–1×1(4·width)–BN (+shortcut)–ReLU: v1.5 puts the stride on the 3×3.
  private Tensor bottleneck(ModelBuilder mb, Tensor x, int width, int stride) {
    Tensor h = relu(BatchNorm2d.apply(mb, "bn1", Conv2d.apply(mb, "conv1", x, width, 1, 1), eps));
    h = relu(BatchNorm2d.apply(mb, "bn2", Conv2d.apply(mb, "conv2", h, width, 3, stride), eps));
    h = BatchNorm2d.apply(mb, "bn3", Conv2d.apply(mb, "conv3", h, 4L * width, 1, 1), eps);
    return relu(add(h, shortcut(mb, x, 4L * width, stride)));
  }

  // Identity, or conv1×1(stride)–BN when the shape changes.
  private Tensor shortcut(ModelBuilder mb, Tensor x, long out, int stride) {
    if (stride == 1 && x.dim(1) == out) {
      return x;
    }
    try (var s = mb.scope("shortcut")) {
      return BatchNorm2d.apply(mb, "bn", Conv2d.apply(mb, "conv", x, out, 1, stride), eps);
    }
  }
}
