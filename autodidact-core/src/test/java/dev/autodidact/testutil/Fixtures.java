package dev.autodidact.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads the PyTorch reference fixtures in {@code testdata/reference}: safetensors files (through the
 * production reader {@link SafeTensors}) and their json sidecars, plus the error measures the fixture
 * README defines.
 */
public final class Fixtures {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Fixtures() {}

  /** The fixture directory (tests run from the project root). */
  public static Path dir() {
    return Path.of("testdata", "reference");
  }

  /** All tensors of {@code <name>.safetensors} by key, in file order. */
  public static Map<String, TensorData> tensors(String name) {
    try {
      return SafeTensors.read(dir().resolve(name + ".safetensors")).tensors();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The json sidecar {@code <name>.json}. */
  public static JsonNode json(String name) {
    try {
      return JSON.readTree(dir().resolve(name + ".json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The mini recipe of a train-step fixture. */
  public static Recipe recipe(String name) {
    return Recipe.parse(json(name).get("recipe").toString());
  }

  /** {@code max|a − r| / max(1, max|r|)}: the README's error measure for loss, outputs and grads. */
  public static double relErr(TensorData actual, TensorData ref) {
    return maxAbsDiff(actual, ref) / Math.max(1.0, maxAbs(ref));
  }

  /** {@code max|a − r| / max|r|} (or the plain max diff when the reference is all zero). */
  public static double relErrToMax(TensorData actual, TensorData ref) {
    double m = maxAbs(ref);
    return maxAbsDiff(actual, ref) / (m == 0 ? 1.0 : m);
  }

  /** Largest elementwise difference; fails on a shape mismatch. */
  public static double maxAbsDiff(TensorData actual, TensorData ref) {
    if (actual.size() != ref.size() || !java.util.Arrays.equals(actual.shape().dims(), ref.shape().dims())) {
      throw new AssertionError("shape " + actual.shape() + " differs from reference " + ref.shape());
    }
    double d = 0;
    for (int i = 0; i < ref.size(); i++) {
      double x = Math.abs(actual.getDouble(i) - ref.getDouble(i));
      d = Double.isNaN(x) ? Double.POSITIVE_INFINITY : Math.max(d, x);
    }
    return d;
  }

  /** Largest absolute value. */
  public static double maxAbs(TensorData t) {
    double m = 0;
    for (int i = 0; i < t.size(); i++) {
      m = Math.max(m, Math.abs(t.getDouble(i)));
    }
    return m;
  }
}
