package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.relu;

import dev.autodidact.UserInputException;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.nn.Backbone;
import dev.autodidact.nn.Linear;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;
import java.util.List;
import java.util.Map;

/**
 * SimCLR: both views of B images in one input {@code x} [2B, C, H, W] (rows i and i+B are views of image
 * i, so BatchNorm normalizes over all 2B rows as in the paper's global BN), encoder → projection head
 * {@code head.fc1..fcN} (Linear–ReLU–…–Linear, PyTorch default init) → {@link NtXentLoss}.
 */
public final class SimClr {
  /** SimCLR as a {@link Method}: two views per image, the {@code simclr} preset, no drawn inputs. */
  public static final Method METHOD = new Method() {
    @Override
    public int viewsPerSample() {
      return 2;
    }

    @Override
    public String defaultPreset() {
      return Presets.SIMCLR;
    }

    @Override
    public void validate(Recipe recipe) {
      if (recipe.simclr() == null) {
        throw new UserInputException("recipe " + recipe.name() + " has no simclr section");
      }
      int batch = recipe.train().batch();
      if (batch < 2) {
        // With one image per batch there are no negatives: the loss is 0 and nothing is learnt.
        throw new UserInputException("--batch (train.batch) must be >= 2 for SimCLR (the other images of a batch are"
            + " each image's negatives; with one the loss is 0 and nothing is learnt), got " + batch);
      }
    }

    @Override
    public TrainGraph build(Recipe recipe, ModelBuilder mb, int batch) {
      return new SimClr(recipe).build(mb, batch);
    }

    /** The encoder features of the first view (rows 0..B-1 of {@code embedding} [2B, D]). */
    @Override
    public Tensor probeFeatures(TrainGraph tg, int batch) {
      return ShapeOps.slice(tg.outputs().get("embedding"), 0, 0, batch);
    }
  };

  private final Recipe recipe;
  private final Backbone backbone;
  private final List<Integer> head;
  private final NtXentLoss loss;

  public SimClr(Recipe recipe) {
    METHOD.validate(recipe);
    this.recipe = recipe;
    this.backbone = Backbone.of(recipe);
    this.head = recipe.simclr().head();
    this.loss = new NtXentLoss(recipe.simclr().temperature());
  }

  /** A float32 training graph for {@code batch} images (2·batch views) with state as graph inputs. */
  public static TrainGraph build(Recipe recipe, int batch) {
    Graph g = new Graph(recipe.name() + "-train");
    return new SimClr(recipe).build(new ModelBuilder(g, ModelBuilder.Mode.TRAIN), batch);
  }

  /** Builds on {@code mb}; declares input {@code x} [2·batch, C, H, W]. */
  public TrainGraph build(ModelBuilder mb, int batch) {
    if (batch < 1) {
      throw new IllegalArgumentException("SimCLR batch must be >= 1, got " + batch);
    }
    Recipe.Input in = recipe.input();
    Tensor x = mb.graph().input(Method.IMAGES, mb.dtype(), Shape.of(2L * batch, in.channels(), in.size(), in.size()));
    Tensor e;
    try (var s = mb.scope("encoder")) {
      e = backbone.features(mb, x); // [2B, D]
    }
    Tensor h = projectionHead(mb, e); // [2B, out]
    Tensor l = loss.apply(h);
    return TrainGraph.of(mb, Map.of(Method.IMAGES, x), l, mb.params(),
        Map.of(Diagnostics.EMBEDDING_STD, Diagnostics.embeddingStd(e)), Map.of("embedding", e, "head", h));
  }

  /** e: [R, D] → fc1 → ReLU → … → fcN: [R, head[-1]]. */
  Tensor projectionHead(ModelBuilder mb, Tensor e) {
    try (var s = mb.scope("head")) {
      Tensor h = e;
      for (int i = 0; i < head.size(); i++) {
        h = Linear.apply(mb, "fc" + (i + 1), h, head.get(i), Linear.InitStyle.TORCH_DEFAULT);
        if (i < head.size() - 1) {
          h = relu(h);
        }
      }
      return h;
    }
  }
}
