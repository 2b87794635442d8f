package dev.autodidact.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.UserInputException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.Window;
import dev.autodidact.eval.Metrics;
import dev.autodidact.finetune.ClassifierExport;
import dev.autodidact.finetune.ClassifierModel;
import dev.autodidact.finetune.Predictions;
import dev.autodidact.finetune.Scores;
import dev.autodidact.method.Classifier;
import dev.autodidact.method.Methods;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Shape;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.Json;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact predict}: class probabilities for every image of a folder, CSV or IDX set. */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Writes one CSV row per image with a fine-tuned classifier's probabilities and prediction.",
      "Each row: path, probability per class, predicted class (labels above threshold for multi-label), the true",
      "label when known, and the reason for each unreadable file. --eval adds metrics."})
public final class PredictCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ImageInputOptions image;

  @Option(names = "--model", required = true, paramLabel = "MODEL.onnx|RUN", description = "An exported model.onnx (with model.json beside it) or a fine-tuning run (its best checkpoint).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR|CSV|IDX", description = "Images to classify (labels from subfolders/CSV/IDX are used when present).")
  Path data;

  @Option(names = "--split", paramLabel = "NAME", description = "CSV split or IDX train|test.")
  String split;

  @Option(names = "--out", required = true, paramLabel = "CSV", description = "predictions.csv to write.")
  Path out;

  @Option(names = "--eval", description = "Compare with the true labels: accuracy, balanced accuracy, AUC, per class, confusion, ECE (to OUT.metrics.json and the console).")
  boolean eval;

  @Option(names = "--batch", defaultValue = "256", paramLabel = "B", description = "Images per inference batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    return BigStack.call("autodidact-predict", this::run);
  }

  private Integer run() throws Exception {
    byte[] onnx;
    Recipe recipe;
    List<String> classes = new ArrayList<>();
    boolean multi;
    double[] thresholds = null;
    if (Files.isRegularFile(model)) {
      Path manifest = ClassifierExport.manifestFor(model);
      if (!Files.exists(manifest)) {
        throw new UserInputException(model + ": no " + manifest.getFileName() + " beside it (export with export-classifier)");
      }
      JsonNode m = Json.compact().readTree(manifest.toFile());
      if (!ClassifierExport.FORMAT.equals(m.path("format").asText())) {
        throw new UserInputException(manifest + ": format " + m.path("format").asText() + ", expected " + ClassifierExport.FORMAT);
      }
      m.path("classes").forEach(c -> classes.add(c.asText()));
      multi = m.path("multi_label").asBoolean();
      if (multi) {
        thresholds = new double[classes.size()];
        for (int k = 0; k < thresholds.length; k++) {
          thresholds[k] = m.path("thresholds").path(k).asDouble(0.5);
        }
      }
      JsonNode pre = m.path("preprocessing");
      List<Double> mean = new ArrayList<>();
      List<Double> std = new ArrayList<>();
      pre.path("normalize").path("mean").forEach(v -> mean.add(v.asDouble()));
      pre.path("normalize").path("std").forEach(v -> std.add(v.asDouble()));
      recipe = Recipe.parse(minimalRecipe(pre.path("channels").asInt(), pre.path("crop").path("size").asInt(),
          mean, std, classes.size(), multi));
      // the window training decoded with, as model.json records it (Predictor reads the same field)
      recipe = recipe.withInput(recipe.input().withWindow(
          Window.parse(pre.path("decode").path("window").asText(Window.DEFAULT.toString()))));
      onnx = Files.readAllBytes(model);
    } else {
      Checkpoint c;
      Path best = model.resolve("best");
      c = CheckpointLocator.open(Files.isDirectory(best) ? best : model);
      recipe = Recipe.parse(c.trainer().recipe().toString());
      if (Methods.byName(recipe.method()) != Classifier.METHOD) {
        throw new UserInputException(model + ": a " + recipe.method() + " run; predict needs a fine-tuned classifier");
      }
      multi = recipe.classifier().multiLabel();
      if (c.trainer().task() != null) {
        c.trainer().task().path("classes").forEach(x -> classes.add(x.asText()));
      }
      if (multi) {
        thresholds = new double[recipe.classifier().numClasses()];
        java.util.Arrays.fill(thresholds, 0.5);
      }
      onnx = ClassifierModel.build(recipe, Shape.DYNAMIC, ParamSource.initializers(c.state())).graph().toModel().toByteArray();
    }
    while (classes.size() < recipe.classifier().numClasses()) {
      classes.add(Integer.toString(classes.size()));
    }
    Dataset ds = Datasets.open(data, new Datasets.Options(
        image.value().decode(recipe.input().channels(), recipe.input().effectiveWindow()), true, null)
        .withSplit(split));
    int t = threads != null ? threads : SessionConfig.defaultThreads();
    Scores sc;
    try (OrtSession.SessionOptions so = Sessions.options(SessionConfig.of(Device.CPU, t));
        OrtSession s = OrtEnvironment.getEnvironment().createSession(onnx, so)) {
      sc = Scores.of(s, recipe, ds, batch, t, 1.0);
    }
    String[] errors = new String[ds.size()];
    for (int i = 0; i < ds.size(); i++) {
      if (sc.probs()[i] == null) {
        String prefix = ds.source(i) + ": ";
        errors[i] = sc.bad().files().stream().filter(f -> f.startsWith(prefix)).map(f -> f.substring(prefix.length()))
            .findFirst().orElse("unreadable");
      }
    }
    String[] truth = null;
    if (!ds.classes().isEmpty() && !multi) {
      truth = new String[ds.size()];
      for (int i = 0; i < ds.size(); i++) {
        truth[i] = ds.label(i) < 0 ? null : ds.classes().get(ds.label(i));
      }
    }
    Predictions.write(out, ds, classes, sc.probs(), thresholds, truth, errors);
    PrintWriter pw = spec.commandLine().getOut();
    int bad = (int) java.util.Arrays.stream(errors).filter(e -> e != null).count();
    pw.printf(Locale.ROOT, "%d images, %d unreadable -> %s%n", ds.size(), bad, out);
    if (eval) {
      evaluate(pw, ds, classes, sc.probs(), truth);
    }
    pw.flush();
    return 0;
  }

  private void evaluate(PrintWriter pw, Dataset ds, List<String> classes, float[][] probs, String[] truth)
      throws java.io.IOException {
    if (truth == null) {
      throw new UserInputException("--eval: " + data + " has no labels to compare with (single-label only)");
    }
    List<Integer> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    for (int i = 0; i < ds.size(); i++) {
      int k = truth[i] == null ? -1 : classes.indexOf(truth[i]);
      if (probs[i] != null && k >= 0) {
        rows.add(i);
        labels.add(k);
      }
    }
    if (rows.isEmpty()) {
      throw new UserInputException("--eval: no readable image has a label among the model's classes " + classes);
    }
    Metrics.Report r = Metrics.of(labels.stream().mapToInt(Integer::intValue).toArray(),
        rows.stream().map(i -> probs[i]).toArray(float[][]::new), classes);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", r.samples());
    m.put("accuracy", r.accuracy());
    m.put("balanced_accuracy", r.balancedAccuracy());
    m.put("macro_auc", r.macroAuc());
    m.put("ece", r.calibration().ece());
    m.put("per_class", r.perClass());
    m.put("confusion", r.confusion());
    Path file = out.resolveSibling(out.getFileName() + ".metrics.json");
    dev.autodidact.artifact.AtomicFiles.write(file, Json.pretty().writeValueAsBytes(m));
    pw.printf(Locale.ROOT, "accuracy %.4f, balanced accuracy %.4f, macro AUC %.4f, ECE %.4f over %d images -> %s%n",
        r.accuracy(), r.balancedAccuracy(), r.macroAuc(), r.calibration().ece(), r.samples(), file);
  }

  /** A recipe carrying only what predicting with an exported model needs (input and head). */
  private static String minimalRecipe(int channels, int size, List<Double> mean, List<Double> std, int k, boolean multi)
      throws java.io.IOException {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("name", "exported");
    r.put("method", "classifier");
    r.put("input", Map.of("channels", channels, "size", size, "mean", mean, "std", std));
    r.put("encoder", Map.of("type", "resnet", "stem", "cifar", "block", "basic", "layers", List.of(1), "widths", List.of(1)));
    r.put("classifier", Map.of("num_classes", k, "frozen", false, "multi_label", multi));
    r.put("optimizer", Map.of("type", "sgd", "base_lr", 1.0, "weight_decay", 0.0));
    return Json.compact().writeValueAsString(r);
  }
}
