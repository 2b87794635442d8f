package dev.autodidact.testutil;

import dev.autodidact.api.ClassifierManifest;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.EncoderExport;
import dev.autodidact.train.Trainer;
import dev.autodidact.train.TrainerState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Trained-looking models for API tests without training: a run directory holding one checkpoint of a
 * recipe's initial weights (seeded), and its exported {@code encoder.onnx} + {@code encoder.json}.
 */
public final class Models {
  /** 8×8 grey ResNet (eval: resize 8, crop 8). */
  public static final Path TINY_GRAY = Path.of("testdata/recipes/tiny-simclr.json");
  /** 64×64 RGB ResNet (eval: resize 73, crop 64). */
  public static final Path TINY_RGB64 = Path.of("testdata/recipes/tiny-rgb-64.json");

  private Models() {}

  /** Writes {@code run}/checkpoints/step-000001 with the seeded initial encoder weights of {@code recipe}. */
  public static Path run(Path recipe, long seed, Path run) throws IOException {
    Recipe r = Recipe.load(recipe);
    Map<String, TensorData> state = EncoderExport.initialState(r, seed);
    TrainerState t = new TrainerState(TrainerState.FORMAT, 1, 0, 1, seed, Trainer.recipeJson(r), Trainer.recipeJson(r),
        Map.of(), Map.of(), 1.0, 0.0, "test");
    new CheckpointStore(run).write(t, state, 3);
    return run;
  }

  /**
   * A classifier as {@code export-classifier} writes it, into {@code dir}: the recipe's encoder (seeded
   * initial weights) with a seeded linear head and softmax (or sigmoid when {@code multiLabel}) named
   * {@code probabilities}, as {@code model.onnx} + {@code model.json}; returns the JSON's path.
   */
  public static Path classifier(Path recipe, long seed, List<String> classes, boolean multiLabel, Path dir)
      throws IOException {
    Recipe r = Recipe.load(recipe);
    Map<String, TensorData> state = EncoderExport.initialState(r, seed);
    EvalEncoder enc = EvalEncoder.build(r, Shape.DYNAMIC, ParamSource.initializers(state));
    Graph g = enc.graph();
    int d = (int) enc.features().shape().dim(1);
    int k = classes.size();
    Random rnd = new Random(seed);
    float[] w = new float[d * k];
    for (int i = 0; i < w.length; i++) {
      w[i] = (float) (rnd.nextGaussian() * 2.0 / Math.sqrt(d));
    }
    float[] b = new float[k];
    for (int i = 0; i < k; i++) {
      b[i] = (float) (rnd.nextGaussian() * 0.5);
    }
    Tensor logits = Elementwise.add(Linalg.matMul(enc.features(), g.initializer("head.weight", TensorData.floats(Shape.of(d, k), w))),
        g.initializer("head.bias", TensorData.floats(Shape.of(k), b))); // [N, K]
    Tensor probs = g.output(ClassifierManifest.OUTPUT, multiLabel ? Elementwise.sigmoid(logits) : Reduce.softmax(logits, 1));
    Files.createDirectories(dir);
    Path onnx = dir.resolve("model.onnx");
    AtomicFiles.write(onnx, g.toModel().toByteArray());
    List<Double> thresholds = multiLabel ? Collections.nCopies(k, 0.5) : List.of();
    ClassifierManifest m = new ClassifierManifest("model.onnx", Manifest.sha256(onnx), EvalPreprocessing.of(r),
        EvalEncoder.INPUT, enc.input().shape().toString(), ClassifierManifest.OUTPUT, probs.shape().toString(), classes,
        multiLabel, thresholds, Map.of("accuracy", 0.5), Map.of("recipe", r.name(), "seed", seed), null, null, "test");
    Path json = dir.resolve(ClassifierManifest.FILE_NAME);
    m.write(json);
    return json;
  }

  /** A run as above and its encoder exported to {@code run}/encoder.onnx; returns the model path. */
  public static Path encoder(Path recipe, long seed, Path run) throws IOException {
    run(recipe, seed, run);
    Checkpoint c = CheckpointLocator.open(run);
    return EncoderExport.write(c, run.resolve("encoder.onnx")).model();
  }
}
