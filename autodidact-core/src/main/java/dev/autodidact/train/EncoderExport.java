package dev.autodidact.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Shape;
import dev.autodidact.recipe.Recipe;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a checkpoint's encoder as a standalone inference model: {@code encoder.onnx} (eval mode,
 * weights inside, dynamic batch) and beside it {@code encoder.json} (what the input must be: size,
 * channels, normalization; the output; the SHA-256 of the model; where it came from). Each file is
 * written atomically; the model first, so a {@code encoder.json} always describes a complete model.
 */
public final class EncoderExport {
  private EncoderExport() {}

  /** What was written. */
  public record Result(Path model, Path manifest, Map<String, Object> fields) {}

  /** The manifest's path for a model path: {@code encoder.onnx} → {@code encoder.json}. */
  public static Path manifestFor(Path model) {
    String n = model.getFileName().toString();
    String base = n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
    return model.resolveSibling(base + ".json");
  }

  /** Exports {@code ckpt} to {@code model}. */
  public static Result write(Checkpoint ckpt, Path model) throws IOException {
    Recipe r = Recipe.parse(ckpt.trainer().recipe().toString());
    EvalEncoder enc = EvalEncoder.build(r, Shape.DYNAMIC, ParamSource.initializers(ckpt.state()));
    Path parent = model.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    AtomicFiles.write(model, enc.graph().toModel().toByteArray());
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("format", "autodidact-encoder/1");
    f.put("model", model.getFileName().toString());
    f.put("sha256", Manifest.sha256(model));
    f.put("recipe", r.name());
    f.put("method", r.method());
    Map<String, Object> in = new LinkedHashMap<>();
    in.put("name", EvalEncoder.INPUT);
    in.put("shape", enc.input().shape().toString());
    in.put("channels", r.input().channels());
    in.put("size", r.input().size());
    in.put("mean", r.input().mean());
    in.put("std", r.input().std());
    in.put("window", r.input().effectiveWindow().toString());
    in.put("scaling", "pixels divided by the bit depth's maximum (255 for 8-bit), then (x - mean) / std per channel");
    f.put("input", in);
    f.put("output", Map.of("name", EvalEncoder.OUTPUT, "shape", enc.features().shape().toString()));
    f.put("checkpoint", Map.of("path", ckpt.dir().toString(), "step", ckpt.trainer().step(), "seed", ckpt.trainer().seed()));
    f.put("opset", 17);
    f.put("library_version", Trainer.version());
    Path manifest = manifestFor(model);
    ObjectMapper json = Json.pretty();
    AtomicFiles.write(manifest, json.writeValueAsBytes(f));
    return new Result(model, manifest, f);
  }
}
