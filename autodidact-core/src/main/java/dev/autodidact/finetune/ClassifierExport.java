package dev.autodidact.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.UserInputException;
import dev.autodidact.api.ClassifierManifest;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.data.DataFingerprint;
import dev.autodidact.method.Classifier;
import dev.autodidact.method.Methods;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Shape;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.Json;
import dev.autodidact.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuning checkpoint as an exported classifier: {@code model.onnx} (eval mode, weights inside,
 * dynamic batch, output {@code probabilities}) and its {@link ClassifierManifest} (class names,
 * single/multi-label, thresholds, the preprocessing contract as in encoder.json, the checkpoint's
 * validation metrics, the fingerprints of its training and validation data, source and hashes). Built in
 * memory ({@link #build}: what {@code Predictor} loads from a run) or written ({@link #write}: the model
 * first, so a model.json always describes a complete model).
 */
public final class ClassifierExport {
  private ClassifierExport() {}

  /** A classifier in memory: the ONNX bytes and the manifest describing them. */
  public record Built(byte[] onnx, ClassifierManifest manifest) {}

  /** What was written. */
  public record Result(Path model, Path manifestFile, ClassifierManifest manifest) {}

  /**
   * The classifier of {@code ckpt}, its manifest naming the model file {@code modelName}; its validation
   * metrics are the {@code val_*} line logged at the checkpoint's step.
   *
   * @throws UserInputException when the checkpoint is not of a classifier
   */
  public static Built build(Checkpoint ckpt, String modelName) throws IOException {
    Recipe r = Recipe.parse(ckpt.trainer().recipe().toString());
    if (Methods.byName(r.method()) != Classifier.METHOD) {
      throw new UserInputException(ckpt.dir() + " is a " + r.method() + " checkpoint; a classifier needs one written"
          + " by finetune (export a pretrained encoder with export-encoder)");
    }
    ClassifierModel cm = ClassifierModel.build(r, Shape.DYNAMIC, ParamSource.initializers(ckpt.state()));
    byte[] onnx = cm.graph().toModel().toByteArray();
    JsonNode task = ckpt.trainer().task();
    List<String> classes = new ArrayList<>();
    if (task != null) {
      task.path("classes").forEach(c -> classes.add(c.asText()));
    }
    if (classes.size() != r.classifier().numClasses()) {
      classes.clear();
      for (int i = 0; i < r.classifier().numClasses(); i++) {
        classes.add(Integer.toString(i));
      }
    }
    boolean multi = r.classifier().multiLabel();
    Map<String, Object> src = new LinkedHashMap<>();
    src.put("checkpoint", ckpt.dir().toString());
    src.put("step", ckpt.trainer().step());
    src.put("seed", ckpt.trainer().seed());
    src.put("recipe", r.name());
    src.put("mode", r.classifier().mode());
    src.put("checkpoint_sha256", Manifest.sha256(ckpt.dir().resolve("state.safetensors")));
    if (task != null && task.has("init")) {
      src.put("init", task.get("init"));
    }
    DataFingerprint val = task != null && task.hasNonNull(FinetuneTask.VALIDATION_DATA)
        ? Json.compact().treeToValue(task.get(FinetuneTask.VALIDATION_DATA), DataFingerprint.class) : null;
    ClassifierManifest m = new ClassifierManifest(modelName, sha256(onnx),
        EvalPreprocessing.of(r), // the same contract as encoder.json, window included
        ClassifierModel.INPUT, "[N, C, H, W]", ClassifierModel.OUTPUT, "[N, K]", classes, multi,
        multi ? classes.stream().map(c -> 0.5).toList() : List.of(), validationOf(ckpt), src,
        ckpt.trainer().data(), val, Trainer.version());
    return new Built(onnx, m);
  }

  /**
   * Writes {@code ckpt} to {@code model} and its manifest beside it.
   *
   * @throws UserInputException when the checkpoint is not of a classifier
   */
  public static Result write(Checkpoint ckpt, Path model) throws IOException {
    Built b = build(ckpt, model.getFileName().toString());
    Files.createDirectories(model.toAbsolutePath().getParent());
    AtomicFiles.write(model, b.onnx());
    Path manifest = ClassifierManifest.pathFor(model);
    b.manifest().write(manifest);
    return new Result(model, manifest, b.manifest());
  }

  /** The validation metrics logged at the checkpoint's step ({@code val_*} in RUN/metrics.jsonl; numbers only). */
  static Map<String, Double> validationOf(Checkpoint c) throws IOException {
    Path metrics = c.dir().getParent().getParent().resolve("metrics.jsonl");
    Map<String, Double> r = new LinkedHashMap<>();
    if (!Files.exists(metrics)) {
      return r;
    }
    for (String line : Files.readAllLines(metrics)) {
      JsonNode n;
      try {
        n = Json.compact().readTree(line);
      } catch (IOException e) {
        continue; // a line cut by a crash: not this checkpoint's
      }
      if (n.path("step").asLong(-1) == c.trainer().step()) {
        n.fields().forEachRemaining(e -> {
          if (e.getKey().startsWith("val_") && e.getValue().isNumber()) {
            r.put(e.getKey().substring(4), e.getValue().asDouble());
          }
        });
      }
    }
    return r;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
