package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.neg;
import static dev.autodidact.onnx.Index.gatherElements;
import static dev.autodidact.onnx.Reduce.logSoftmax;
import static dev.autodidact.onnx.Reduce.reduceMean;
import static dev.autodidact.onnx.ShapeOps.unsqueeze;

import dev.autodidact.UserInputException;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.nn.Backbone;
import dev.autodidact.nn.Linear;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;
import java.util.List;
import java.util.Map;

/**
 * Supervised head for probes and fine-tuning: encoder → {@code classifier} Linear(D, K) (PyTorch default
 * init) → mean softmax cross-entropy against int64 {@code labels}.
 *
 * <p>{@code frozen}: the features pass through stopGradient and only {@code classifier.*} is trainable, so
 * the backward pass never enters the encoder. BatchNorm follows the builder's mode: TRAIN matches the
 * PyTorch reference (batch stats, running stats updated); build on an EVAL builder for a classic linear
 * probe on the features encoder.onnx would give (running stats, no buffer updates).
 */
public final class Classifier {
  /** Name of the int64 class-index input [batch], fed from the data's labels. */
  public static final String LABELS = "labels";

  /**
   * The classifier as a {@link Method}: one view per image, the {@code simclr} preset when the recipe names
   * none (a fine-tuning recipe names its own), the recipe's {@code classifier} section; supervised (its
   * {@link #LABELS} come from the data), so {@code pretrain} refuses it.
   */
  public static final Method METHOD = new Method() {
    @Override
    public String defaultPreset() {
      return Presets.SIMCLR;
    }

    @Override
    public boolean selfSupervised() {
      return false;
    }

    @Override
    public void validate(Recipe recipe) {
      if (recipe.classifier() == null) {
        throw new UserInputException("recipe " + recipe.name() + " has no classifier section");
      }
    }

    @Override
    public TrainGraph build(Recipe recipe, ModelBuilder mb, int batch) {
      return Classifier.of(recipe).build(mb, batch);
    }
  };

  private final Recipe recipe;
  private final Backbone backbone;
  private final int numClasses;
  private final boolean frozen;

  public Classifier(Recipe recipe, int numClasses, boolean frozen) {
    if (numClasses < 2) {
      throw new IllegalArgumentException("classifier needs >= 2 classes, got " + numClasses);
    }
    this.recipe = recipe;
    this.backbone = Backbone.of(recipe);
    this.numClasses = numClasses;
    this.frozen = frozen;
  }

  /** From the recipe's {@code classifier} section. */
  public static Classifier of(Recipe recipe) {
    METHOD.validate(recipe);
    return new Classifier(recipe, recipe.classifier().numClasses(), recipe.classifier().frozen());
  }

  /** A float32 training-mode graph for {@code batch} images with state as graph inputs. */
  public TrainGraph build(int batch) {
    return build(new ModelBuilder(new Graph(recipe.name() + "-classifier"), ModelBuilder.Mode.TRAIN), batch);
  }

  /** Builds on {@code mb}; declares inputs {@code x} [batch, C, H, W] and {@code labels} [batch] int64. */
  public TrainGraph build(ModelBuilder mb, int batch) {
    Recipe.Input in = recipe.input();
    Graph g = mb.graph();
    Tensor x = g.input(Method.IMAGES, mb.dtype(), Shape.of(batch, in.channels(), in.size(), in.size()));
    Tensor labels = g.input(LABELS, DType.INT64, Shape.of(batch));
    Tensor e;
    try (var s = mb.scope("encoder")) {
      e = backbone.features(mb, x); // [N, D]
    }
    Tensor f = frozen ? g.stopGradient(e) : e;
    int headStart = mb.params().size();
    Tensor logits = Linear.apply(mb, "classifier", f, numClasses, Linear.InitStyle.TORCH_DEFAULT); // [N, K]
    Tensor picked = gatherElements(logSoftmax(logits, 1), unsqueeze(labels, 1), 1); // [N, 1]
    Tensor loss;
    try (var s = g.scope("cross_entropy")) {
      loss = neg(reduceMean(picked, false));
    }
    List<ParamSpec> all = mb.params();
    List<ParamSpec> trainable = frozen ? all.subList(headStart, all.size()) : all;
    Map<String, Tensor> diag = batch >= 2 ? Map.of(Diagnostics.EMBEDDING_STD, Diagnostics.embeddingStd(e)) : Map.of();
    return TrainGraph.of(mb, Map.of(Method.IMAGES, x, LABELS, labels), loss, trainable, diag,
        Map.of("embedding", e, "logits", logits));
  }
}
