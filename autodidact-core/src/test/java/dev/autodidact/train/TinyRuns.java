package dev.autodidact.train;

import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.SessionConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** Tiny pretraining runs for tests: 8×8 recipes from {@code testdata/recipes}, one ORT thread. */
final class TinyRuns {
  static final Path SIMCLR = Path.of("testdata/recipes/tiny-simclr.json");
  static final Path MAE = Path.of("testdata/recipes/tiny-mae.json");
  static final Path FASHION = Path.of("testdata", "fashion-mnist-sample");

  private TinyRuns() {}

  /** A run of {@code recipe} on {@code data} into {@code out}: 1 ORT thread (bit-reproducible), no bar. */
  static RunSpec spec(Path recipe, Path data, Path out, Overrides o, int logEvery, int checkpointEvery) {
    return new RunSpec(Recipe.load(recipe), o, data, out, 7, SessionConfig.of(Device.CPU, 1), 2, logEvery,
        checkpointEvery, 3, 5, false);
  }

  /** Overrides with only {@code --max-steps} and {@code --batch}. */
  static Overrides steps(long maxSteps, int batch) {
    return new Overrides(null, maxSteps, batch, null, null, null, null, null);
  }

  /** The bytes of a tensor, for bit-for-bit comparisons. */
  static byte[] bytes(TensorData t) {
    java.nio.ByteBuffer b = t.bytes().duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The state tensors of a checkpoint directory. */
  static Map<String, TensorData> state(Path ckpt) throws IOException {
    return SafeTensors.read(ckpt.resolve(CheckpointStore.STATE)).tensors();
  }
}
