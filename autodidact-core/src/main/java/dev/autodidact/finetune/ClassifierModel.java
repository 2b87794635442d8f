package dev.autodidact.finetune;

import dev.autodidact.method.Classifier;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;

/**
 * The inference classifier behind {@code model.onnx}: input {@code x} [N, C, H, W], output
 * {@code probabilities} [N, K] — softmax for single-label, one sigmoid per class for multi-label.
 * EVAL mode (BatchNorm on running statistics); parameter names are the training ones, so a checkpoint
 * maps onto it directly. The same graph scores validation sets during training and the user's images in
 * {@code predict}.
 *
 * @param graph the graph, output marked
 * @param model its builder
 */
public record ClassifierModel(Graph graph, ModelBuilder model) {
  /** Image input name. */
  public static final String INPUT = "x";
  /** Output name. */
  public static final String OUTPUT = "probabilities";

  /** Builds for {@code batch} images ({@link Shape#DYNAMIC} allowed) with state from {@code source}. */
  public static ClassifierModel build(Recipe recipe, long batch, ParamSource source) {
    Graph g = new Graph(recipe.name() + "-classifier");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.EVAL, DType.FLOAT, source);
    Recipe.Input in = recipe.input();
    Tensor x = g.input(INPUT, DType.FLOAT, Shape.of(batch, in.channels(), in.size(), in.size()));
    Classifier c = Classifier.of(recipe);
    Tensor logits = c.logits(mb, c.features(mb, x)); // [N, K]
    Tensor p = recipe.classifier().multiLabel() ? Elementwise.sigmoid(logits) : Reduce.softmax(logits, 1);
    g.output(OUTPUT, p);
    return new ClassifierModel(g, mb);
  }
}
