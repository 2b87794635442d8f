package dev.autodidact.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the PyTorch reference fixtures in {@code testdata/reference}: safetensors files (u64 LE header
 * length, JSON header, raw little-endian data; F32 and I64 only) and their json sidecars. Test-only: the
 * production reader is {@code dev.autodidact.artifact.SafeTensors}.
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
      return read(Files.readAllBytes(dir().resolve(name + ".safetensors")));
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

  /** Parses safetensors bytes. */
  public static Map<String, TensorData> read(byte[] file) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    long n = b.getLong(0);
    JsonNode header = JSON.readTree(new String(file, 8, Math.toIntExact(n), StandardCharsets.UTF_8));
    int base = 8 + Math.toIntExact(n);
    Map<String, TensorData> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equals("__metadata__")) {
        continue;
      }
      JsonNode v = e.getValue();
      DType t = switch (v.get("dtype").asText()) {
        case "F32" -> DType.FLOAT;
        case "I64" -> DType.INT64;
        default -> throw new IOException("unsupported dtype " + v.get("dtype") + " for " + e.getKey());
      };
      long[] dims = new long[v.get("shape").size()];
      for (int i = 0; i < dims.length; i++) {
        dims[i] = v.get("shape").get(i).asLong();
      }
      int begin = v.get("data_offsets").get(0).asInt();
      int end = v.get("data_offsets").get(1).asInt();
      ByteBuffer slice = ByteBuffer.wrap(file, base + begin, end - begin).slice().order(ByteOrder.LITTLE_ENDIAN);
      out.put(e.getKey(), TensorData.ofBytes(t, Shape.of(dims), slice));
    }
    return out;
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
