package dev.autodidact.finetune;

import ai.onnx.proto.OnnxMl;
import dev.autodidact.UserInputException;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a fine-tuning run's encoder starts: a pretraining run or checkpoint ({@code encoder.*} tensors
 * of its state, after checking its recipe has the same input and encoder), an exported
 * {@code encoder.onnx} (its initializers, by the same names), or {@code none} (the recipe's random
 * init, the supervised-from-scratch baseline). The step graph is the same in every case; only the
 * initial state differs.
 *
 * @param kind {@code none}, {@code checkpoint} or {@code onnx}
 * @param source what was given
 * @param tensors encoder tensors by name (empty for none)
 * @param describe a line for logs and model.json
 */
public record InitWeights(String kind, String source, Map<String, TensorData> tensors, Map<String, Object> describe) {
  /** The random init. */
  public static InitWeights none() {
    return new InitWeights("none", "none", Map.of(), Map.of("init", "none"));
  }

  /** Reads {@code arg}: {@code none}, a run or checkpoint directory, or an {@code .onnx} file. */
  public static InitWeights read(String arg, Recipe recipe) {
    if (arg.equals("none")) {
      return none();
    }
    Path p = Path.of(arg);
    if (!Files.exists(p)) {
      throw new UserInputException("--init " + arg + ": does not exist (give a run, a checkpoint, an encoder.onnx or none)");
    }
    if (Files.isRegularFile(p)) {
      return fromOnnx(p);
    }
    Checkpoint c;
    try {
      c = CheckpointLocator.open(p);
    } catch (IOException e) {
      throw new UserInputException("--init " + arg + ": " + e.getMessage(), e);
    }
    Recipe from = Recipe.parse(c.trainer().recipe().toString());
    if (!from.input().equals(recipe.input()) || !from.encoder().equals(recipe.encoder())) {
      throw new UserInputException("--init " + arg + ": its recipe " + from.name() + " has another input or encoder than "
          + recipe.name() + " (input " + from.input() + " vs " + recipe.input() + ", encoder " + from.encoder() + " vs "
          + recipe.encoder() + "); give a --recipe with the same input and encoder");
    }
    Map<String, TensorData> t = new LinkedHashMap<>();
    c.state().forEach((k, v) -> {
      if (k.startsWith("encoder.")) {
        t.put(k, v);
      }
    });
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("init", "checkpoint");
    d.put("path", c.dir().toString());
    d.put("recipe", from.name());
    d.put("step", c.trainer().step());
    return new InitWeights("checkpoint", c.dir().toString(), t, d);
  }

  private static InitWeights fromOnnx(Path p) {
    OnnxMl.ModelProto m;
    try {
      m = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(p));
    } catch (IOException | RuntimeException e) {
      throw new UserInputException("--init " + p + ": not a readable ONNX model (" + e.getMessage() + ")", e);
    }
    Map<String, TensorData> t = new LinkedHashMap<>();
    for (OnnxMl.TensorProto init : m.getGraph().getInitializerList()) {
      if (init.getName().startsWith("encoder.")) {
        t.put(init.getName(), TensorData.fromProto(init));
      }
    }
    if (t.isEmpty()) {
      throw new UserInputException("--init " + p + ": holds no encoder.* weights; export one with export-encoder");
    }
    return new InitWeights("onnx", p.toString(), t, Map.of("init", "onnx", "path", p.toString(),
        "library_version", Trainer.version()));
  }

  /**
   * {@code initial} with the encoder tensors replaced by these; every encoder tensor of {@code specs}
   * must be present with its shape.
   */
  public Map<String, TensorData> applyTo(Map<String, TensorData> initial, List<ParamSpec> specs) {
    if (tensors.isEmpty()) {
      return initial;
    }
    Map<String, TensorData> r = new LinkedHashMap<>(initial);
    for (ParamSpec s : specs) {
      if (!s.name().startsWith("encoder.")) {
        continue;
      }
      TensorData v = tensors.get(s.name());
      if (v == null) {
        throw new UserInputException("--init " + source + ": has no tensor " + s.name() + " (another encoder?)");
      }
      if (!v.shape().equals(s.shape())) {
        throw new UserInputException("--init " + source + ": " + s.name() + " is " + v.shape() + ", the recipe's encoder wants "
            + s.shape());
      }
      r.put(s.name(), v);
    }
    return r;
  }
}
