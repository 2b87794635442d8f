package dev.autodidact.method;

import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;

/**
 * MAE in eval mode for looking at what it learned: the encoder sees the visible patches of {@code x}
 * (chosen by {@code ids_keep}/{@code ids_restore} from {@link MaeMasking}), the decoder predicts every
 * patch. Outputs {@code pred} [N, L, p·p·C] (per-patch normalised pixels when the recipe uses
 * {@code norm_pix_loss}) and {@code mask} [N, L] (1 = removed). Same parameter names as training, so a
 * checkpoint's state maps onto it via {@link ParamSource#initializers}.
 *
 * @param graph the graph, outputs marked
 * @param mae the method (patch count, visible count)
 * @param patch patch side in pixels
 */
public record MaeReconstruction(Graph graph, Mae mae, int patch) {
  /** Output names. */
  public static final String PRED = "pred";
  public static final String MASK = "mask";

  /** Builds the graph for {@code batch} images with state from {@code source}. */
  public static MaeReconstruction build(Recipe recipe, int batch, ParamSource source) {
    Graph g = new Graph(recipe.name() + "-reconstruct");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.EVAL, DType.FLOAT, source);
    Mae mae = new Mae(recipe);
    Recipe.Input in = recipe.input();
    Tensor x = g.input("x", DType.FLOAT, Shape.of(batch, in.channels(), in.size(), in.size()));
    Tensor idsKeep = g.input("ids_keep", DType.INT64, Shape.of(batch, mae.lenKeep()));
    Tensor idsRestore = g.input("ids_restore", DType.INT64, Shape.of(batch, mae.numPatches()));
    Tensor latent = mae.forwardEncoder(mb, x, idsKeep, idsRestore); // [N, 1 + K, D]
    Tensor pred = mae.forwardDecoder(mb, latent, idsRestore); // [N, L, P]
    g.output(PRED, pred);
    g.output(MASK, mae.mask(idsRestore));
    return new MaeReconstruction(g, mae, recipe.encoder().patch());
  }
}
