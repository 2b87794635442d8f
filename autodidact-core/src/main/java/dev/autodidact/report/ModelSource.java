package dev.autodidact.report;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointException;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.EncoderExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model behind a report: a run directory (its newest valid checkpoint), one checkpoint directory,
 * or an exported {@code encoder.onnx} with its {@code encoder.json}. This is the report's one seam onto
 * model loading; it moves to the public {@code dev.autodidact.Encoder} once that exists.
 *
 * @param input eval input contract: channels, size, normalisation
 * @param encoder the inference encoder, {@code x} [N, C, H, W] → {@code features} [N, D], weights inside
 * @param recipe the training recipe (null for a bare {@code encoder.onnx})
 * @param state the checkpoint's state tensors (null for a bare {@code encoder.onnx})
 * @param step the checkpoint's step (-1 when unknown)
 */
record ModelSource(Recipe.Input input, ModelProto encoder, Recipe recipe, Map<String, TensorData> state, long step) {
  /** Opens {@code path}; unusable paths are user errors. */
  static ModelSource open(Path path) throws IOException {
    if (Files.isRegularFile(path)) {
      return fromOnnx(path);
    }
    if (!Files.isDirectory(path)) {
      throw new UserInputException(path + ": not a run, checkpoint or encoder.onnx");
    }
    Checkpoint c;
    try {
      if (Files.isRegularFile(path.resolve(CheckpointStore.TRAINER))) {
        c = new CheckpointStore(path.toAbsolutePath().getParent().getParent()).read(path, null);
      } else {
        c = new CheckpointStore(path).newest(null, true);
      }
    } catch (CheckpointException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    if (c == null) {
      throw new UserInputException(path + ": no checkpoint found (expected RUN/checkpoints/step-NNNNNN/)");
    }
    Recipe r = Recipe.parse(c.trainer().recipe().toString());
    ModelProto enc = EvalEncoder.build(r, Shape.DYNAMIC, ParamSource.initializers(c.state())).graph().toModel();
    return new ModelSource(r.input(), enc, r, c.state(), c.trainer().step());
  }

  private static ModelSource fromOnnx(Path model) throws IOException {
    Path manifest = EncoderExport.manifestFor(model);
    if (!Files.isRegularFile(manifest)) {
      throw new UserInputException(model + ": no " + manifest.getFileName() + " beside it (input size and normalisation)");
    }
    JsonNode in = new ObjectMapper().readTree(manifest.toFile()).path("input");
    if (!in.has("size") || !in.has("channels")) {
      throw new UserInputException(manifest + ": field input.size or input.channels is missing");
    }
    Recipe.Input input = new Recipe.Input(in.get("channels").asInt(), in.get("size").asInt(), doubles(in.path("mean")),
        doubles(in.path("std")));
    return new ModelSource(input, ModelProto.parseFrom(Files.readAllBytes(model)), null, null, -1);
  }

  private static List<Double> doubles(JsonNode a) {
    List<Double> v = new ArrayList<>();
    a.forEach(n -> v.add(n.asDouble()));
    return v;
  }

  /** True when reconstructions can be drawn: an MAE recipe with its full state (decoder included). */
  boolean isMae() {
    return recipe != null && state != null && "mae".equals(recipe.method());
  }
}
