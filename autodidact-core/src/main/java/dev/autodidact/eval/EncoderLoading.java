package dev.autodidact.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.Encoder;
import dev.autodidact.InferenceOptions;
import dev.autodidact.UserInputException;
import dev.autodidact.api.EncoderManifest;
import dev.autodidact.api.InferenceModel;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.EncoderExport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Opens what {@code --model} names through the public {@link Encoder} API, works out what it is (for
 * results.json) and, for the baseline, builds a randomly initialised encoder of the same recipe with
 * the pretraining seed (the weights the run started from).
 */
final class EncoderLoading {
  private EncoderLoading() {}

  static EvalEncoders open(Path model, boolean baseline, String device, int threads, Consumer<String> log)
      throws IOException {
    InferenceOptions opts = new InferenceOptions(device, threads);
    Described d = describe(model);
    Encoder enc = Encoder.load(model, opts);
    FeatureSource pretrained = new EncoderFeatures(enc.session(), d.info().sha256(), enc);
    log.accept("encoder: " + enc + ", " + d.info().recipe() + " (" + d.info().method() + ")"
        + (d.info().checkpointStep() == null ? "" : ", step " + d.info().checkpointStep()));
    Optional<FeatureSource> random = Optional.empty();
    if (baseline) {
      try {
        Recipe r = d.recipe().orElseThrow(() -> new UserInputException(model + ": --baseline random needs the recipe the "
            + "encoder was trained with, and neither a checkpoint nor models/" + d.info().recipe() + ".json is at hand; "
            + "give the run directory instead"));
        long seed = d.info().seed() == null ? 0 : d.info().seed();
        random = Optional.of(randomInit(r, seed, opts));
        log.accept("baseline: " + r.name() + " randomly initialised with seed " + seed);
      } catch (RuntimeException e) {
        pretrained.close();
        throw e;
      }
    }
    return new EvalEncoders(d.info(), pretrained, random);
  }

  /** What a model path is: its info and, when it can be found, its recipe. */
  private record Described(ModelInfo info, Optional<Recipe> recipe) {}

  private static Described describe(Path model) throws IOException {
    if (Files.isDirectory(model) && Files.isRegularFile(model.resolve("encoder.onnx"))) {
      model = model.resolve("encoder.onnx");
    }
    if (Files.isDirectory(model)) {
      Checkpoint c = CheckpointLocator.open(model);
      Recipe r = Recipe.parse(c.trainer().recipe().toString());
      String sha = sha256(EncoderExport.build(c).onnx());
      Path run = c.dir().toAbsolutePath().getParent().getParent();
      return new Described(new ModelInfo(model.toString(), sha, r.name(), r.method(), run.toString(), c.trainer().step(),
          c.trainer().seed()), Optional.of(r));
    }
    EncoderManifest m = EncoderManifest.forModel(model);
    JsonNode j = new ObjectMapper().readTree(m.file().toFile());
    String recipeName = j.path("recipe").asText("unknown");
    String method = j.path("method").asText("unknown");
    JsonNode ck = j.path("checkpoint");
    Long step = ck.has("step") ? ck.get("step").asLong() : null;
    Long seed = ck.has("seed") ? ck.get("seed").asLong() : null;
    Optional<Recipe> recipe = Optional.empty();
    String run = null;
    Path ckDir = ck.has("path") ? Path.of(ck.get("path").asText()) : null;
    if (ckDir != null && CheckpointLocator.isCheckpoint(ckDir)) {
      Checkpoint c = CheckpointLocator.open(ckDir);
      recipe = Optional.of(Recipe.parse(c.trainer().recipe().toString()));
      run = ckDir.toAbsolutePath().getParent().getParent().toString();
    } else if (Files.isRegularFile(Path.of("models", recipeName + ".json"))) {
      recipe = Optional.of(Recipe.load(Path.of("models", recipeName + ".json")));
    }
    return new Described(new ModelInfo(model.toString(), Manifest.sha256(m.model()), recipeName, method, run, step, seed),
        recipe);
  }

  /** The encoder of {@code r} with the initial weights of a run seeded {@code seed}, in eval mode. */
  static FeatureSource randomInit(Recipe r, long seed, InferenceOptions opts) {
    EncoderExport.Built b = EncoderExport.build(r, EncoderExport.initialState(r, seed));
    InferenceModel m = InferenceModel.open(b.onnx(), "random-init " + r.name(), b.preprocessing(), EvalEncoder.INPUT,
        EvalEncoder.OUTPUT, opts);
    return new EncoderFeatures(m, sha256(b.onnx()), m);
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
