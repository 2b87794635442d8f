package dev.autodidact.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.Preprocessing;
import dev.autodidact.api.EncoderManifest;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.nn.Initializer;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a checkpoint's encoder as a standalone inference model: {@code encoder.onnx} (eval mode,
 * weights inside as initializers, dynamic batch) and beside it {@code encoder.json} (format
 * {@value EncoderManifest#FORMAT}: the {@link Preprocessing} contract, input and output, the SHA-256 of
 * the model, where it came from). Each file is written atomically; the model first, so an
 * {@code encoder.json} always describes a complete model.
 */
public final class EncoderExport {
  private EncoderExport() {}

  /** What was written. */
  public record Result(Path model, Path manifest, Map<String, Object> fields) {}

  /**
   * An encoder built in memory.
   *
   * @param onnx the serialized model
   * @param preprocessing its eval input contract
   * @param recipe the recipe it was trained with
   * @param outputShape the features' shape, {@code [N, D]}
   */
  public record Built(byte[] onnx, Preprocessing preprocessing, Recipe recipe, String inputShape, String outputShape) {}

  /** The manifest's path for a model path: {@code encoder.onnx} → {@code encoder.json}. */
  public static Path manifestFor(Path model) {
    return EncoderManifest.pathFor(model);
  }

  /** The eval-mode encoder of {@code ckpt}, weights as initializers, dynamic batch. */
  public static Built build(Checkpoint ckpt) throws IOException {
    return build(Recipe.parse(ckpt.trainer().recipe().toString()), ckpt.state());
  }

  /** The eval-mode encoder of {@code r} with the weights in {@code state} (by parameter name). */
  public static Built build(Recipe r, Map<String, TensorData> state) {
    EvalEncoder enc = EvalEncoder.build(r, Shape.DYNAMIC, ParamSource.initializers(state));
    return new Built(enc.graph().toModel().toByteArray(), EvalPreprocessing.of(r), r, enc.input().shape().toString(),
        enc.features().shape().toString());
  }

  /** The initial (seeded, untrained) weights of {@code r}'s encoder: for benchmarks, tests and baselines. */
  public static Map<String, TensorData> initialState(Recipe r, long seed) {
    return new Initializer(seed).values(EvalEncoder.build(r, Shape.DYNAMIC).model().specs(), DType.FLOAT);
  }

  /** Exports {@code ckpt} to {@code model}. */
  public static Result write(Checkpoint ckpt, Path model) throws IOException {
    Map<String, Object> source = new LinkedHashMap<>();
    source.put("checkpoint",
        Map.of("path", ckpt.dir().toString(), "step", ckpt.trainer().step(), "seed", ckpt.trainer().seed()));
    if (ckpt.trainer().data() != null) {
      source.put("data", ckpt.trainer().data()); // what it was trained on (provenance)
    }
    return write(build(ckpt), model, source);
  }

  /**
   * Writes {@code b} to {@code model} and its manifest beside it; {@code source} (e.g. {@code "checkpoint"}
   * and {@code "data"}) says where the weights came from.
   */
  public static Result write(Built b, Path model, Map<String, Object> source) throws IOException {
    Recipe r = b.recipe();
    Path parent = model.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    AtomicFiles.write(model, b.onnx());
    Preprocessing p = b.preprocessing();
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("format", EncoderManifest.FORMAT);
    f.put("model", model.getFileName().toString());
    f.put("sha256", Manifest.sha256(model));
    f.put("recipe", r.name());
    f.put("method", r.method());
    f.put("preprocessing", p.toJsonNode());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("name", EvalEncoder.INPUT);
    in.put("shape", b.inputShape());
    in.put("channels", p.channels());
    in.put("size", p.crop());
    in.put("mean", p.mean());
    in.put("std", p.std());
    in.put("window", p.window());
    f.put("input", in);
    f.put("output", Map.of("name", EvalEncoder.OUTPUT, "shape", b.outputShape()));
    f.putAll(source);
    f.put("opset", 17);
    f.put("library_version", Trainer.version());
    Path manifest = manifestFor(model);
    ObjectMapper json = Json.pretty();
    AtomicFiles.write(manifest, json.writeValueAsBytes(f));
    return new Result(model, manifest, f);
  }
}
