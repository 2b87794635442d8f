package dev.autodidact.method;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Supervised head for probes and fine-tuning: encoder → {@code classifier} Linear(D, K) (PyTorch default
 * init) → {@link ClassifierLoss}: softmax cross-entropy against int64 {@code labels} [N], or for
 * multi-label one sigmoid BCE per class against float {@code targets} [N, K] counted where
 * {@code target_mask} [N, K] is 1; optional per-class weights.
 *
 * <p>Modes ({@code classifier.mode}): {@code linear} — the features pass through stopGradient and only
 * {@code classifier.*} is trainable, so the backward pass never enters the encoder; {@code full} —
 * everything trains; {@code last:N} — the head and the last N ResNet stages (ViT blocks, plus the final
 * norm) train. BatchNorm follows the builder's mode: the step builder uses an EVAL builder for
 * {@code linear} (running statistics, no buffer updates: the features encoder.onnx would give) and
 * TRAIN otherwise; under {@code last:N} the BatchNorm layers of the frozen stem and stages run in eval
 * mode too, so the frozen part keeps every weight and running statistic and computes what it computed
 * before fine-tuning.
 */
public final class Classifier {
  /** Input with the class index of each image (single-label). */
  public static final String LABELS = "labels";
  /** Input with the 0/1 target of each image and class (multi-label). */
  public static final String TARGETS = "targets";
  /** Input with 1 where a multi-label target counts, 0 where it is ignored. */
  public static final String TARGET_MASK = "target_mask";

  /**
   * The classifier as a {@link Method}: one view per image, the supervised {@code finetune} preset when the
   * recipe names none, the recipe's {@code classifier} section; supervised (its
   * {@link #LABELS} come from the data), so {@code pretrain} refuses it.
   */
  public static final Method METHOD = new Method() {
    @Override
    public String defaultPreset() {
      return Presets.FINETUNE;
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
  private final Recipe.Classifier head;

  /** A single-label, unweighted head of {@code numClasses}; {@code frozen} = mode linear. */
  public Classifier(Recipe recipe, int numClasses, boolean frozen) {
    this(recipe, new Recipe.Classifier(numClasses, frozen));
  }

  /** A head as {@code head} describes it. */
  public Classifier(Recipe recipe, Recipe.Classifier head) {
    this.recipe = recipe;
    this.backbone = Backbone.of(recipe);
    this.head = head;
  }

  /** From the recipe's {@code classifier} section. */
  public static Classifier of(Recipe recipe) {
    METHOD.validate(recipe);
    return new Classifier(recipe, recipe.classifier());
  }

  /** The builder mode a train step of {@code head} uses: EVAL for a linear probe, else TRAIN. */
  public static ModelBuilder.Mode stepMode(Recipe.Classifier head) {
    return head.mode().equals("linear") ? ModelBuilder.Mode.EVAL : ModelBuilder.Mode.TRAIN;
  }

  /** A float32 graph for {@code batch} images with state as graph inputs, BatchNorm per {@link #stepMode}. */
  public TrainGraph build(int batch) {
    return build(new ModelBuilder(new Graph(recipe.name() + "-classifier"),
        head.frozen() ? ModelBuilder.Mode.TRAIN : stepMode(head)), batch);
  }

  /** Builds on {@code mb}; declares {@code x} [batch, C, H, W] and the label inputs. */
  public TrainGraph build(ModelBuilder mb, int batch) {
    Recipe.Input in = recipe.input();
    Graph g = mb.graph();
    int k = head.numClasses();
    if (head.lastN() > 0) {
      mb.evalNormsWhere(prefix -> prefix.startsWith("encoder.") && !trains(prefix));
    }
    Tensor x = g.input(Method.IMAGES, mb.dtype(), Shape.of(batch, in.channels(), in.size(), in.size()));
    Map<String, Tensor> inputs = new LinkedHashMap<>();
    inputs.put(Method.IMAGES, x);
    Tensor e = features(mb, x); // [N, D]
    boolean frozen = head.frozen();
    Tensor logits = logits(mb, frozen ? g.stopGradient(e) : e); // [N, K]
    Tensor loss;
    if (head.multiLabel()) {
      Tensor targets = g.input(TARGETS, mb.dtype(), Shape.of(batch, k));
      Tensor mask = g.input(TARGET_MASK, mb.dtype(), Shape.of(batch, k));
      inputs.put(TARGETS, targets);
      inputs.put(TARGET_MASK, mask);
      loss = ClassifierLoss.sigmoidBce(logits, targets, mask, head.classWeights());
    } else {
      Tensor labels = g.input(LABELS, DType.INT64, Shape.of(batch));
      inputs.put(LABELS, labels);
      loss = ClassifierLoss.softmaxCe(logits, labels, head.classWeights());
    }
    List<ParamSpec> trainable = mb.params().stream().filter(p -> trains(p.name())).toList();
    Map<String, Tensor> diag = batch >= 2 ? Map.of(Diagnostics.EMBEDDING_STD, Diagnostics.embeddingStd(e)) : Map.of();
    return TrainGraph.of(mb, inputs, loss, trainable, diag, Map.of("embedding", e, "logits", logits));
  }

  /** x: [N, C, H, W] → encoder features [N, D] under scope {@code encoder}. */
  public Tensor features(ModelBuilder mb, Tensor x) {
    try (var s = mb.scope("encoder")) {
      return backbone.features(mb, x);
    }
  }

  /** e: [N, D] → logits [N, K] by the {@code classifier} Linear. */
  public Tensor logits(ModelBuilder mb, Tensor e) {
    return Linear.apply(mb, "classifier", e, head.numClasses(), Linear.InitStyle.TORCH_DEFAULT);
  }

  /** Whether parameter {@code name} trains in this head's mode. */
  public boolean trains(String name) {
    if (!name.startsWith("encoder.")) {
      return true;
    }
    if (head.mode().equals("full")) {
      return true;
    }
    int n = head.lastN();
    if (n < 0) {
      return false;
    }
    Recipe.Encoder enc = recipe.encoder();
    if (enc.type().equals("resnet")) {
      int stages = enc.layers().size();
      for (int st = Math.max(1, stages - n + 1); st <= stages; st++) {
        if (name.startsWith("encoder.stage" + st + ".")) {
          return true;
        }
      }
      return false;
    }
    if (name.startsWith("encoder.norm.")) {
      return true;
    }
    for (int b = Math.max(0, enc.depth() - n); b < enc.depth(); b++) {
      if (name.startsWith("encoder.block" + b + ".")) {
        return true;
      }
    }
    return false;
  }
}
