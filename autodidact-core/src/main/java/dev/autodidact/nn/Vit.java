package dev.autodidact.nn;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.ShapeOps.concat;
import static dev.autodidact.onnx.ShapeOps.reshape;
import static dev.autodidact.onnx.ShapeOps.slice;
import static dev.autodidact.onnx.ShapeOps.squeeze;
import static dev.autodidact.onnx.ShapeOps.transpose;

import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;

/**
 * Vision Transformer as in MAE: Linear patch embedding on patchified pixels (in-patch order (py, px, c)),
 * fixed sin-cos positions, a cls token, {@code depth} pre-LN blocks, final LN. Names: {@code cls_token},
 * {@code patch_embed}, {@code block<i>}, {@code norm}. The pieces are public so MAE can interleave its
 * masking; {@link #features} is the unmasked encoder whose feature is the normed cls token.
 */
public final class Vit implements Backbone {
  private final int channels;
  private final int patch;
  private final int dim;
  private final int depth;
  private final int heads;
  private final double mlpRatio;
  private final double eps;
  private final int grid;

  public Vit(int channels, int size, Recipe.Encoder enc) {
    if (!enc.type().equals("vit")) {
      throw new IllegalArgumentException("not a vit encoder: " + enc.type());
    }
    if (size % enc.patch() != 0) {
      throw new IllegalArgumentException("image size " + size + " not divisible by patch " + enc.patch());
    }
    this.channels = channels;
    this.patch = enc.patch();
    this.dim = enc.dim();
    this.depth = enc.depth();
    this.heads = enc.heads();
    this.mlpRatio = enc.mlpRatio();
    this.eps = enc.lnEps();
    this.grid = size / patch;
  }

  public int patch() {
    return patch;
  }

  public int grid() {
    return grid;
  }

  /** L = grid². */
  public int numPatches() {
    return grid * grid;
  }

  /** Values per patch, p·p·C. */
  public int patchDim() {
    return patch * patch * channels;
  }

  public double lnEps() {
    return eps;
  }

  @Override
  public long featureDim() {
    return dim;
  }

  /** MAE's patchify: [N, C, H, W] → [N, L, p·p·C], patches row-major, in-patch order (py, px, c). */
  public Tensor patchify(Tensor x) {
    Tensor t = reshape(x, 0, channels, grid, patch, grid, patch); // [N, C, h, p, w, q]
    t = transpose(t, 0, 2, 4, 3, 5, 1); // [N, h, w, p, q, C]
    return reshape(t, 0, numPatches(), patchDim());
  }

  /** The cls token parameter [1, 1, D]; create it first so the parameter order matches PyTorch's. */
  public Tensor clsToken(ModelBuilder mb) {
    return mb.param("cls_token", Shape.of(1, 1, dim), Role.TOKEN, new Init.Normal(0.02));
  }

  /** patches: [N, L, p·p·C] → patch_embed(patches) + pos[1:]: [N, L, D]. */
  public Tensor embed(ModelBuilder mb, Tensor patches) {
    Tensor e = Linear.apply(mb, "patch_embed", patches, dim, Linear.InitStyle.XAVIER);
    return add(e, slice(positions(mb), 1, 1, 1 + numPatches()));
  }

  /** tokens: [N, T, D] → [N, 1 + T, D] with cls_token + pos[0] in front. */
  public Tensor prependCls(ModelBuilder mb, Tensor cls, Tensor tokens) {
    Tensor c = add(cls, slice(positions(mb), 1, 0, 1)); // [1, 1, D]
    return concat(1, broadcastBatch(c, tokens), tokens);
  }

  /** seq: [N, T, D] → blocks → norm: [N, T, D]. */
  public Tensor blocks(ModelBuilder mb, Tensor seq) {
    for (int i = 0; i < depth; i++) {
      seq = TransformerBlock.apply(mb, "block" + i, seq, heads, mlpRatio, eps);
    }
    return LayerNorm.apply(mb, "norm", seq, eps);
  }

  /** Unmasked encoder: x [N, C, H, W] → normed cls token [N, D] (what probes and encoder.onnx see). */
  @Override
  public Tensor features(ModelBuilder mb, Tensor x) {
    Tensor cls = clsToken(mb);
    Tensor seq = blocks(mb, prependCls(mb, cls, embed(mb, patchify(x)))); // [N, 1 + L, D]
    return squeeze(slice(seq, 1, 0, 1), 1);
  }

  private Tensor positions(ModelBuilder mb) {
    return mb.graph().constant(SinCos.posEmbed(dim, grid, mb.dtype()));
  }

  /**
   * [1, 1, D] → [N, 1, D] for the batch N of {@code like}. A static batch uses a constant shape; a dynamic
   * one reads N at run time (Shape op), since Expand cannot take −1.
   */
  static Tensor broadcastBatch(Tensor one, Tensor like) {
    Shape out = Shape.of(like.dim(0), 1, one.dim(2));
    if (like.shape().isStatic()) {
      return ShapeOps.expand(one, out);
    }
    Tensor n = slice(ShapeOps.shapeOf(like), 0, 0, 1);
    Tensor target = concat(0, n, like.graph().longs(1, one.dim(2)));
    return ShapeOps.expand(one, target, out);
  }
}
