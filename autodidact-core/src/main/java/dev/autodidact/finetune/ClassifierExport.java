package dev.autodidact.finetune;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.Manifest;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a fine-tuning checkpoint as {@code model.onnx} (eval mode, weights inside, dynamic batch, output
 * {@code probabilities}) and {@code model.json} beside it, in the agreed
 * {@code autodidact-classifier/1} schema: class names, single/multi-label, thresholds, the preprocessing
 * contract (as in encoder.json), the validation metrics of the checkpoint, source and hashes. The model
 * is written first, so a model.json always describes a complete model.
 */
public final class ClassifierExport {
  /** The format tag of model.json. */
  public static final String FORMAT = "autodidact-classifier/1";

  private ClassifierExport() {}

  /** What was written. */
  public record Result(Path model, Path manifest, Map<String, Object> fields) {}

  /**
   * Exports {@code ckpt} to {@code model}; {@code validation} are its metrics (null: none recorded).
   *
   * @throws IllegalArgumentException when the checkpoint is not of a classifier
   */
  public static Result write(Checkpoint ckpt, Path model, Map<String, Object> validation) throws IOException {
    Recipe r = Recipe.parse(ckpt.trainer().recipe().toString());
    if (Methods.byName(r.method()) != Classifier.METHOD) {
      throw new IllegalArgumentException(ckpt.dir() + " is a " + r.method() + " checkpoint; export-classifier needs one"
          + " written by finetune (export a pretrained encoder with export-encoder)");
    }
    ClassifierModel cm = ClassifierModel.build(r, Shape.DYNAMIC, ParamSource.initializers(ckpt.state()));
    Files.createDirectories(model.toAbsolutePath().getParent());
    AtomicFiles.write(model, cm.graph().toModel().toByteArray());
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
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("format", FORMAT);
    f.put("model", model.getFileName().toString());
    f.put("sha256", Manifest.sha256(model));
    f.put("preprocessing", EvalPreprocessing.of(r).toJsonNode()); // the same contract as encoder.json, window included
    f.put("input", Map.of("name", ClassifierModel.INPUT, "shape", "[N, C, H, W]"));
    f.put("output", Map.of("name", ClassifierModel.OUTPUT, "shape", "[N, K]"));
    f.put("classes", classes);
    f.put("multi_label", multi);
    if (multi) {
      f.put("thresholds", classes.stream().map(c -> 0.5).toList());
    }
    f.put("validation", validation == null ? Map.of() : validation);
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
    f.put("source", src);
    f.put("library_version", Trainer.version());
    Path manifest = manifestFor(model);
    AtomicFiles.write(manifest, Json.pretty().writeValueAsBytes(f));
    return new Result(model, manifest, f);
  }

  /** {@code model.onnx} → {@code model.json}. */
  public static Path manifestFor(Path model) {
    String n = model.getFileName().toString();
    String base = n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
    return model.resolveSibling(base + ".json");
  }
}
