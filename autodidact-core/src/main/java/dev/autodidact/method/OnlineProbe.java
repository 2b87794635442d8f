package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.cast;
import static dev.autodidact.onnx.Elementwise.greaterOrEqual;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Index.gatherElements;
import static dev.autodidact.onnx.Reduce.reduceMax;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.ShapeOps.squeeze;
import static dev.autodidact.onnx.ShapeOps.unsqueeze;

import dev.autodidact.autodiff.Gradients;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.optim.AdamW;
import dev.autodidact.optim.Optimizer;
import dev.autodidact.optim.OptimizerStep;
import dev.autodidact.optim.PerTensor;
import dev.autodidact.optim.Slot;
import dev.autodidact.optim.StateSpec;
import dev.autodidact.recipe.Recipe;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The online linear probe (solo-learn's practice): a linear classifier trained inside the pretraining
 * step on the stop-gradient encoder features of the batch's labelled rows, so its in-batch accuracy is
 * a free running estimate of linear separability.
 *
 * <p>It is kept apart from the method so that it cannot change the encoder's update: its loss is its
 * own (never added to the method's), its gradients are taken with respect to its own parameters only
 * (the features pass through stopGradient, so nothing flows back into the encoder), and it has its own
 * optimizer — AdamW at a fixed {@link #LR} without weight decay or clipping, per tensor — so the
 * method's optimizer (global gradient-norm clipping, LARS trust ratios, flat layouts) never sees its
 * parameters. Its parameters ({@code online_probe.classifier.weight|bias}) and AdamW moments are state
 * like every other, so checkpoints and resumes carry them; the exported encoder does not.
 *
 * <pre>{@code
 * Tensor f = Methods.of(recipe).probeFeatures(tg, batch);          // [B, D]
 * OnlineProbe.Built p = OnlineProbe.build(recipe, mb, f, classes, stepInput);
 * }</pre>
 */
public final class OnlineProbe {
  /** Parameter scope: every state tensor of the probe has this in its name. */
  public static final String SCOPE = "online_probe";
  /** Input: int64 [B], each row's class (any valid class where unlabelled). */
  public static final String LABELS = "online_probe_labels";
  /** Input: float [B], 1 where the row has a label. */
  public static final String MASK = "online_probe_mask";
  /** Output: the masked cross-entropy of the probe (before its update). */
  public static final String LOSS = "online_probe_loss";
  /** Output: labelled rows whose label has the highest logit (before the update). */
  public static final String CORRECT = "online_probe_correct";
  /** Output: labelled rows in the batch. */
  public static final String COUNT = "online_probe_count";
  /** The probe's fixed learning rate (AdamW). */
  public static final double LR = 1e-3;

  private OnlineProbe() {}

  /**
   * The probe's part of a step graph.
   *
   * @param inputs {@link #LABELS} and {@link #MASK}
   * @param params its parameters' specs (registered on the model builder, so initialised with the rest)
   * @param optState its optimizer's state inputs
   * @param update its new parameters and optimizer state
   */
  public record Built(Map<String, Tensor> inputs, Tensor loss, Tensor correct, Tensor count, List<ParamSpec> params,
      List<StateSpec> optState, OptimizerStep update) {}

  /** Whether state tensor {@code name} belongs to the probe (its parameters or their optimizer state). */
  public static boolean owns(String name) {
    return name.startsWith(SCOPE + ".") || name.contains("." + SCOPE + ".");
  }

  /**
   * Adds the probe on {@code features} [B, D] (detached here) for {@code classes} classes, with its
   * update at step {@code step} (the step graph's 1-based update counter).
   */
  public static Built build(Recipe recipe, ModelBuilder mb, Tensor features, int classes, Tensor step) {
    if (classes < 2) {
      throw new IllegalArgumentException("the online probe needs at least 2 classes, got " + classes);
    }
    Graph g = mb.graph();
    long b = features.dim(0);
    Tensor labels = g.input(LABELS, DType.INT64, Shape.of(b));
    Tensor mask = g.input(MASK, mb.dtype(), Shape.of(b));
    int before = mb.params().size();
    Tensor logits;
    try (var s = mb.scope(SCOPE)) {
      // The fine-tuning classifier's linear head, on features the backward pass cannot leave.
      logits = new Classifier(recipe, classes, true).logits(mb, g.stopGradient(features)); // [B, K]
    }
    List<ParamSpec> params = List.copyOf(mb.params().subList(before, mb.params().size()));
    Tensor loss = ClassifierLoss.maskedSoftmaxCe(logits, labels, mask);
    Tensor correct;
    try (var s = g.scope(SCOPE + "_accuracy")) {
      Tensor atLabel = squeeze(gatherElements(logits, unsqueeze(labels, 1), 1), 1); // [B]
      Tensor hit = cast(greaterOrEqual(atLabel, reduceMax(logits, false, 1)), mb.dtype()); // [B]
      correct = reduceSum(mul(hit, mask), false);
    }
    Tensor count = reduceSum(mask, false);

    List<Tensor> tensors = mb.tensors(params);
    Map<Tensor, Tensor> grads = Gradients.of(loss, tensors);
    Map<String, Tensor> byName = new LinkedHashMap<>();
    Map<String, Tensor> gradByName = new LinkedHashMap<>();
    for (int i = 0; i < params.size(); i++) {
      byName.put(params.get(i).name(), tensors.get(i));
      gradByName.put(params.get(i).name(), grads.get(tensors.get(i)));
    }
    Optimizer opt = new PerTensor(new AdamW(0.9, 0.999, 1e-8, 0.0), null);
    List<Slot> slots = new ArrayList<>(opt.slots(byName, gradByName));
    List<StateSpec> optState = opt.stateSpecs(slots);
    OptimizerStep update;
    try (var s = g.scope(SCOPE + "_update")) {
      update = opt.apply(g, slots, g.scalar(LR, DType.FLOAT), step);
    }
    return new Built(Map.of(LABELS, labels, MASK, mask), loss, correct, count, params, optState, update);
  }
}
