package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.cast;
import static dev.autodidact.onnx.Elementwise.greaterOrEqual;
import static dev.autodidact.onnx.ShapeOps.concat;
import static dev.autodidact.onnx.ShapeOps.expand;
import static dev.autodidact.onnx.ShapeOps.slice;
import static dev.autodidact.onnx.ShapeOps.squeeze;

import dev.autodidact.UserInputException;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.nn.Init;
import dev.autodidact.nn.LayerNorm;
import dev.autodidact.nn.Linear;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.Role;
import dev.autodidact.nn.SinCos;
import dev.autodidact.nn.TransformerBlock;
import dev.autodidact.nn.Vit;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;
import java.util.Map;

/**
 * Masked autoencoder (He et al.; facebookresearch/mae {@code models_mae.py}), stage by stage:
 * {@link #patchify}, {@link #randomMasking} (the mask itself is drawn in Java by {@link MaeMasking} and
 * arrives as {@code ids_keep}/{@code ids_restore}), {@link #forwardEncoder} on cls + visible tokens,
 * {@link #forwardDecoder} with mask tokens unshuffled back into place, {@link #forwardLoss} on masked
 * patches only.
 */
public final class Mae {
  /** Name of the int64 input [N, len_keep]: the kept patches of each image, in shuffled order. */
  public static final String IDS_KEEP = "ids_keep";
  /** Name of the int64 input [N, L]: each patch's position in the shuffled order. */
  public static final String IDS_RESTORE = "ids_restore";

  /**
   * MAE as a {@link Method}: one view per image, the {@code mae} preset, masks drawn per batch by
   * {@link MaeMasking} with the recipe's {@code mae.mask_ratio} (the same value that shapes the graph).
   */
  public static final Method METHOD = new Method() {
    @Override
    public String defaultPreset() {
      return Presets.MAE;
    }

    @Override
    public void validate(Recipe recipe) {
      if (recipe.mae() == null) {
        throw new UserInputException("recipe " + recipe.name() + " has no mae section");
      }
      if (!recipe.encoder().type().equals("vit")) {
        throw new UserInputException("recipe " + recipe.name() + ": MAE needs a vit encoder, got encoder.type "
            + recipe.encoder().type());
      }
    }

    @Override
    public TrainGraph build(Recipe recipe, ModelBuilder mb, int batch) {
      return new Mae(recipe).build(mb, batch);
    }

    /**
     * The cls token of the encoder's output [N, D] (row 0 of {@code embedding} [N, 1 + K, D]), the feature
     * the exported encoder gives probes; here it has seen the visible patches only.
     */
    @Override
    public Tensor probeFeatures(TrainGraph tg, int batch) {
      return squeeze(slice(tg.outputs().get("embedding"), 1, 0, 1), 1);
    }

    @Override
    public DrawnInputs drawnInputs(Recipe recipe, int batch) {
      Mae m = new Mae(recipe);
      return MaeMasking.inputs(batch, m.numPatches(), recipe.mae().maskRatio());
    }
  };

  private final Recipe recipe;
  private final Vit vit;
  private final Recipe.Decoder decoder;
  private final MaeLoss loss;
  private final int lenKeep;

  public Mae(Recipe recipe) {
    METHOD.validate(recipe);
    this.recipe = recipe;
    this.vit = new Vit(recipe.input().channels(), recipe.input().size(), recipe.encoder());
    this.decoder = recipe.mae().decoder();
    this.loss = new MaeLoss(recipe.mae().normPixLoss());
    this.lenKeep = MaeMasking.lenKeep(vit.numPatches(), recipe.mae().maskRatio());
  }

  /** Patches per image, L. */
  public int numPatches() {
    return vit.numPatches();
  }

  /** Visible patches per image, {@code (int)(L·(1 − mask_ratio))}. */
  public int lenKeep() {
    return lenKeep;
  }

  /** A float32 training graph for {@code batch} images with state as graph inputs. */
  public static TrainGraph build(Recipe recipe, int batch) {
    Graph g = new Graph(recipe.name() + "-train");
    return new Mae(recipe).build(new ModelBuilder(g, ModelBuilder.Mode.TRAIN), batch);
  }

  /**
   * Builds on {@code mb}; declares inputs {@code x} [N, C, H, W], {@code ids_keep} [N, len_keep] and
   * {@code ids_restore} [N, L] (int64).
   */
  public TrainGraph build(ModelBuilder mb, int n) {
    Recipe.Input in = recipe.input();
    Graph g = mb.graph();
    Tensor x = g.input(Method.IMAGES, mb.dtype(), Shape.of(n, in.channels(), in.size(), in.size()));
    Tensor idsKeep = g.input(IDS_KEEP, DType.INT64, Shape.of(n, lenKeep));
    Tensor idsRestore = g.input(IDS_RESTORE, DType.INT64, Shape.of(n, numPatches()));
    Tensor latent = forwardEncoder(mb, x, idsKeep, idsRestore); // [N, 1 + K, D]
    Tensor pred = forwardDecoder(mb, latent, idsRestore); // [N, L, P]
    Tensor mask = mask(idsRestore); // [N, L]
    Tensor l = forwardLoss(x, pred, mask);
    // Collapse monitor on the cls token: the same feature the unmasked encoder exports for probes.
    Tensor cls = squeeze(slice(latent, 1, 0, 1), 1); // [N, D]
    Map<String, Tensor> diag = n >= 2 ? Map.of(Diagnostics.EMBEDDING_STD, Diagnostics.embeddingStd(cls)) : Map.of();
    return TrainGraph.of(mb, Map.of(Method.IMAGES, x, IDS_KEEP, idsKeep, IDS_RESTORE, idsRestore), l, mb.params(), diag,
        Map.of("embedding", latent, "pred", pred, "mask", mask));
  }

  /** imgs: [N, C, H, W] → [N, L, p·p·C]. */
  public Tensor patchify(Tensor imgs) {
    return vit.patchify(imgs);
  }

  /**
   * tokens: [N, L, D], idsKeep: [N, K], idsRestore: [N, L] → the kept tokens in shuffled order [N, K, D].
   * idsKeep must be the first K entries of the permutation whose inverse is idsRestore (as
   * {@link MaeMasking} draws them); the backward relies on it.
   */
  public static Tensor randomMasking(Tensor tokens, Tensor idsKeep, Tensor idsRestore) {
    return Index.keepRows(tokens, idsKeep, idsRestore);
  }

  /**
   * imgs: [N, C, H, W], idsKeep: [N, K], idsRestore: [N, L] → latent [N, 1 + K, D] (row 0 = cls), after the
   * final LN.
   */
  public Tensor forwardEncoder(ModelBuilder mb, Tensor imgs, Tensor idsKeep, Tensor idsRestore) {
    try (var s = mb.scope("encoder")) {
      Tensor cls = vit.clsToken(mb);
      Tensor tokens = vit.embed(mb, patchify(imgs)); // [N, L, D], positions added before masking
      Tensor visible = randomMasking(tokens, idsKeep, idsRestore); // [N, K, D]
      return vit.blocks(mb, vit.prependCls(mb, cls, visible)); // [N, 1 + K, D]
    }
  }

  /** latent: [N, 1 + K, D], idsRestore: [N, L] → pred [N, L, p·p·C] (cls dropped). */
  public Tensor forwardDecoder(ModelBuilder mb, Tensor latent, Tensor idsRestore) {
    long n = latent.dim(0);
    long t = latent.dim(1);
    long l = idsRestore.dim(1);
    long dd = decoder.dim();
    double eps = vit.lnEps();
    try (var s = mb.scope("decoder")) {
      Tensor maskToken = mb.param("mask_token", Shape.of(1, 1, dd), Role.TOKEN, new Init.Normal(0.02));
      Tensor x = Linear.apply(mb, "embed", latent, dd, Linear.InitStyle.XAVIER); // [N, 1 + K, Dd]
      Tensor masked = expand(maskToken, Shape.of(n, l + 1 - t, dd)); // [N, L − K, Dd]
      Tensor shuffled = concat(1, slice(x, 1, 1, t), masked); // [N, L, Dd] in shuffled order
      Tensor restored = Index.permuteRows(shuffled, idsRestore); // [N, L, Dd] in patch order
      Tensor seq = concat(1, slice(x, 1, 0, 1), restored); // [N, 1 + L, Dd]
      seq = add(seq, mb.graph().constant(SinCos.posEmbed(decoder.dim(), vit.grid(), mb.dtype())));
      for (int i = 0; i < decoder.depth(); i++) {
        seq = TransformerBlock.apply(mb, "block" + i, seq, decoder.heads(), decoder.mlpRatio(), eps);
      }
      seq = LayerNorm.apply(mb, "norm", seq, eps);
      Tensor pred = Linear.apply(mb, "pred", seq, vit.patchDim(), Linear.InitStyle.XAVIER); // [N, 1 + L, P]
      return slice(pred, 1, 1, 1 + l);
    }
  }

  /** idsRestore: [N, L] → mask [N, L] float, 1 where the patch was removed (ids_restore ≥ len_keep). */
  public Tensor mask(Tensor idsRestore) {
    Graph g = idsRestore.graph();
    Tensor removed = greaterOrEqual(idsRestore, g.scalar(lenKeep, DType.INT64));
    return cast(removed, DType.FLOAT);
  }

  /** imgs: [N, C, H, W], pred: [N, L, P], mask: [N, L] → scalar loss on the masked patches. */
  public Tensor forwardLoss(Tensor imgs, Tensor pred, Tensor mask) {
    Tensor m = mask.dtype() == pred.dtype() ? mask : cast(mask, pred.dtype());
    return loss.apply(pred, patchify(imgs), m);
  }
}
