package dev.autodidact.method;

import dev.autodidact.nn.Backbone;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;

/**
 * The inference encoder behind {@code encoder.onnx}: input {@code x} [N, C, H, W] (N may be
 * {@link Shape#DYNAMIC}), output {@code features} [N, D]. EVAL mode: BatchNorm uses running statistics
 * and a ViT sees every patch (no masking) and returns its normed cls token. Parameter/buffer names are
 * the training ones, so a checkpoint maps onto it directly.
 *
 * @param graph the graph, with output {@code features} marked
 * @param model the builder (specs of everything the encoder reads)
 * @param input the image input {@code x}
 * @param features the output {@code features}
 */
public record EvalEncoder(Graph graph, ModelBuilder model, Tensor input, Tensor features) {
  /** Name of the image input. */
  public static final String INPUT = Method.IMAGES;
  /** Name of the feature output. */
  public static final String OUTPUT = "features";

  /** State as graph inputs; {@code batch} may be {@link Shape#DYNAMIC}. */
  public static EvalEncoder build(Recipe recipe, long batch) {
    return build(recipe, batch, ParamSource.graphInputs());
  }

  /**
   * State from {@code source}: {@link ParamSource#initializers} gives a standalone model with the
   * weights inside.
   */
  public static EvalEncoder build(Recipe recipe, long batch, ParamSource source) {
    Graph g = new Graph(recipe.name() + "-encoder");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.EVAL, DType.FLOAT, source);
    Recipe.Input in = recipe.input();
    Tensor x = g.input(INPUT, DType.FLOAT, Shape.of(batch, in.channels(), in.size(), in.size()));
    Tensor f;
    try (var s = mb.scope("encoder")) {
      f = Backbone.of(recipe).features(mb, x);
    }
    Tensor out = g.output(OUTPUT, f);
    return new EvalEncoder(g, mb, x, out);
  }
}
