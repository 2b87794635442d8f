package dev.autodidact.finetune;

import dev.autodidact.UserInputException;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.augment.Normalize;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.method.Classifier;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.train.Json;
import dev.autodidact.train.TrainTask;
import java.io.IOException;
import java.nio.Buffer;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Fine-tuning as a {@link TrainTask}: the labelled training images with the recipe's augmentation
 * ({@code finetune} by default), the classifier step with the encoder from {@link InitWeights}, labels
 * per batch, and at each epoch end the validation metrics, the best state by {@link Validation.Metric}
 * and early stopping after {@code patience} epochs without improvement.
 */
public final class FinetuneTask implements TrainTask {
  /** The task state's field with the validation data's {@code DataFingerprint}. */
  public static final String VALIDATION_DATA = "validation_data";

  private final FinetuneData data;
  private final Recipe recipe;
  private final InitWeights init;
  private final Validation.Metric metric;
  private final int patience;
  private final int accumulate;
  private final SessionConfig session;
  private final int loaderThreads;
  private final int valEvery;
  private Function<Map<String, TensorData>, Map<String, Object>> validator = this::validate;
  private double best = Double.NEGATIVE_INFINITY;
  private int bestEpoch = -1;
  private int sinceBest;

  /**
   * @param data the training and validation images with their targets
   * @param recipe the effective classifier recipe
   * @param patience validations without improvement before stopping (0: never stop early)
   * @param valEvery validate every this many epochs
   */
  public FinetuneTask(FinetuneData data, Recipe recipe, InitWeights init, Validation.Metric metric, int patience,
      int accumulate, SessionConfig session, int loaderThreads, int valEvery) {
    if (valEvery < 1) {
      throw new UserInputException("--val-every must be >= 1, got " + valEvery);
    }
    this.valEvery = valEvery;
    this.data = data;
    this.recipe = recipe;
    this.init = init;
    this.metric = metric;
    this.patience = patience;
    this.accumulate = accumulate;
    this.session = session;
    this.loaderThreads = loaderThreads;
  }

  @Override
  public Dataset dataset() {
    return data.train();
  }

  @Override
  public Pipeline pipeline() {
    Recipe.Input in = recipe.input();
    String preset = recipe.augment() == null ? "finetune" : recipe.augment().preset();
    double strength = recipe.augment() != null && recipe.augment().strength() > 0 ? recipe.augment().strength()
        : Presets.defaultStrength(in.size());
    return Presets.byName(preset, in.size(), in.channels(), strength).withNormalize(new Normalize(in.mean(), in.std()));
  }

  @Override
  public StepProgram program(long seed) {
    StepProgram p = StepBuilder.train(recipe, recipe.train().batch(), seed, dev.autodidact.onnx.BuildOptions.DEFAULT, accumulate);
    ModelBuilder specs = new ModelBuilder(new Graph("specs"), ModelBuilder.Mode.EVAL);
    Classifier.of(recipe).features(specs, specs.graph().input("x", specs.dtype(),
        Shape.of(1, recipe.input().channels(), recipe.input().size(), recipe.input().size())));
    Map<String, TensorData> initial = init.applyTo(p.initialState(), specs.specs());
    return new StepProgram(p.kind(), p.recipe(), p.batch(), p.model(), p.slots(), p.feeds(), p.scalars(), initial, p.options());
  }

  @Override
  public int accumulate() {
    return accumulate;
  }

  @Override
  public void writeLabels(int[] indices, Map<String, Buffer> feeds) {
    Targets t = data.trainTargets();
    if (!t.multiLabel()) {
      LongBuffer b = (LongBuffer) feeds.get(Classifier.LABELS);
      for (int i : indices) {
        b.put(t.labels()[i]);
      }
      return;
    }
    int k = t.numClasses();
    FloatBuffer v = (FloatBuffer) feeds.get(Classifier.TARGETS);
    FloatBuffer m = (FloatBuffer) feeds.get(Classifier.TARGET_MASK);
    for (int i : indices) {
      v.put(t.values(), i * k, k);
      m.put(t.counted(), i * k, k);
    }
  }

  @Override
  public EpochResult endOfEpoch(int epoch, long step, Supplier<Map<String, TensorData>> state) throws IOException {
    if ((epoch + 1) % valEvery != 0) {
      return new EpochResult(Map.of(), false, false, "no validation this epoch (--val-every " + valEvery + ")");
    }
    Map<String, Object> metrics = validator.apply(state.get());
    Object v = metrics.get(metric.key());
    double value = v instanceof Number n ? n.doubleValue() : Double.NaN;
    boolean improved = Double.isFinite(value) && value > best;
    if (improved) {
      best = value;
      bestEpoch = epoch;
      sinceBest = 0;
    } else {
      sinceBest++;
    }
    Map<String, Object> line = new LinkedHashMap<>();
    metrics.forEach((k, x) -> line.put("val_" + k, x));
    line.put("best_" + metric.key(), Double.isFinite(best) ? best : null);
    line.put("best_epoch", bestEpoch);
    boolean stop = patience > 0 && sinceBest >= patience;
    String msg = String.format(Locale.ROOT, "val %s %.4f%s (best %.4f at epoch %d)%s", metric.key(), value,
        improved ? ", new best" : "", best, bestEpoch,
        stop ? "; no improvement for " + patience + " epochs, stopping early" : "");
    return new EpochResult(line, improved, stop, msg);
  }

  /**
   * Scores each validation with {@code v} instead of {@link #validate} (tests: a chosen metric sequence
   * drives best-checkpoint selection and early stopping).
   */
  FinetuneTask scoredBy(Function<Map<String, TensorData>, Map<String, Object>> v) {
    this.validator = v;
    return this;
  }

  /** Validation metrics of {@code state} on the validation set. */
  public Map<String, Object> validate(Map<String, TensorData> state) {
    ClassifierModel m = ClassifierModel.build(recipe, Shape.DYNAMIC, ParamSource.initializers(state));
    try (OrtSession.SessionOptions so = Sessions.options(session);
        OrtSession s = ai.onnxruntime.OrtEnvironment.getEnvironment().createSession(m.graph().toModel().toByteArray(), so)) {
      Scores sc = Scores.of(s, recipe, data.val(), 256, loaderThreads, 1.0);
      return Validation.of(sc.probs(), data.valTargets());
    } catch (OrtException e) {
      throw new IllegalStateException("validation failed: " + e.getMessage(), e);
    }
  }

  @Override
  public JsonNode state() {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("metric", metric.key());
    if (Double.isFinite(best)) {
      n.put("best", best);
    }
    n.put("best_epoch", bestEpoch);
    n.put("epochs_since_best", sinceBest);
    n.put("multi_label", data.trainTargets().multiLabel());
    data.trainTargets().classes().forEach(n.putArray("classes")::add);
    n.set("init", Json.compact().valueToTree(init.describe()));
    n.set(VALIDATION_DATA, Json.compact().valueToTree(data.valFingerprint()));
    return n;
  }

  @Override
  public void restore(JsonNode s) {
    if (s == null || s.isNull()) {
      return;
    }
    best = s.has("best") ? s.get("best").asDouble() : Double.NEGATIVE_INFINITY;
    bestEpoch = s.path("best_epoch").asInt(-1);
    sinceBest = s.path("epochs_since_best").asInt(0);
  }
}
