package dev.autodidact.step;

import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.StateSlot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a recipe's artifacts into one directory, atomically: {@code train_step.onnx} (fixed batch),
 * {@code eval.onnx} (forward and loss, no update), {@code encoder.onnx} (eval mode, dynamic batch,
 * weights inside), {@code state.safetensors} (every state input by name, PyTorch layouts) and
 * {@code manifest.json} (what each file is, input shape, normalization, opset, and SHA-256 of each file).
 */
public final class Exporter {
  /** File names inside an export directory. */
  public static final String TRAIN_STEP = "train_step.onnx";
  public static final String EVAL = "eval.onnx";
  public static final String ENCODER = "encoder.onnx";
  public static final String STATE = "state.safetensors";

  private Exporter() {}

  /** Builds and writes everything for {@code recipe} at {@code batch} with initial state from {@code seed}. */
  public static Manifest export(Recipe recipe, int batch, long seed, Path out) throws IOException {
    StepProgram train = StepBuilder.train(recipe, batch, seed);
    return write(train, train.initialState(), out, Map.of("seed", seed));
  }

  /**
   * Writes the artifacts of a built train step with the given state (initial, or a checkpoint's), so
   * the encoder and eval graphs carry those weights.
   */
  public static Manifest write(StepProgram train, Map<String, TensorData> state, Path out, Map<String, Object> extra)
      throws IOException {
    Recipe recipe = train.recipe();
    StepProgram eval = StepBuilder.eval(recipe, train.batch(), state);
    EvalEncoder enc = EvalEncoder.build(recipe, Shape.DYNAMIC, ParamSource.initializers(state));
    Map<String, Object> fields = new LinkedHashMap<>();
    fields.put("format", "autodidact-export/1");
    fields.put("recipe", recipe);
    fields.put("batch", train.batch());
    fields.put("input", Map.of("channels", recipe.input().channels(), "size", recipe.input().size(),
        "mean", recipe.input().mean(), "std", recipe.input().std(),
        "scaling", "pixels are divided by the bit depth's maximum (255 for 8-bit), then (x - mean) / std"));
    fields.put("opset", 17);
    fields.put("ir_version", 8);
    fields.put("train_step", describe(train));
    fields.put("eval", describe(eval));
    fields.put("build_options", train.options().effective());
    fields.put("encoder", Map.of("input", EvalEncoder.INPUT, "input_shape", enc.input().shape().toString(),
        "output", EvalEncoder.OUTPUT, "output_shape", enc.features().shape().toString()));
    fields.putAll(extra);
    if (Files.isDirectory(out)) {
      try (var s = Files.list(out)) {
        if (s.findAny().isPresent()) {
          throw new java.nio.file.FileAlreadyExistsException(out.toString(), null, "output directory is not empty");
        }
      }
      Files.delete(out);
    }
    Path parent = out.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    AtomicFiles.writeDirectory(out, dir -> {
      Files.write(dir.resolve(TRAIN_STEP), train.model().toByteArray());
      Files.write(dir.resolve(EVAL), eval.model().toByteArray());
      Files.write(dir.resolve(ENCODER), enc.graph().toModel().toByteArray());
      SafeTensors.of(state).write(dir.resolve(STATE));
      Manifest.writeFor(dir, fields);
    });
    return Manifest.read(out);
  }

  private static Map<String, Object> describe(StepProgram p) {
    List<Map<String, String>> slots = new ArrayList<>();
    for (StateSlot s : p.slots()) {
      Map<String, String> m = new LinkedHashMap<>();
      m.put("input", s.input());
      if (s.updated()) {
        m.put("output", s.output());
      }
      slots.add(m);
    }
    List<Map<String, String>> feeds = new ArrayList<>();
    for (FeedSpec f : p.feeds()) {
      feeds.add(Map.of("name", f.name(), "dtype", f.dtype().toString(), "shape", f.shape().toString()));
    }
    return Map.of("feeds", feeds, "state", slots, "scalars", p.scalars());
  }
}
