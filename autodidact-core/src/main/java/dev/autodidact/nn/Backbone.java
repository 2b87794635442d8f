package dev.autodidact.nn;

import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;

/**
 * An image encoder: images in, one feature vector per image out. Parameters are created relative to the
 * builder's current scope; methods open the {@code encoder} scope so names match the checkpoints.
 */
public interface Backbone {
  /** x: [N, C, H, W] → features [N, featureDim()]. */
  Tensor features(ModelBuilder mb, Tensor x);

  /** Width of the feature vector. */
  long featureDim();

  /** The backbone a recipe describes (ResNet or ViT). */
  static Backbone of(Recipe recipe) {
    Recipe.Encoder e = recipe.encoder();
    return e.type().equals("resnet")
        ? new ResNet(recipe.input().channels(), e)
        : new Vit(recipe.input().channels(), recipe.input().size(), e);
  }
}
