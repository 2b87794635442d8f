package dev.autodidact.eval;

import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.data.DataFingerprint;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Features cached in {@code EVAL/features/} as safetensors, one file per (model, data, decoding): the name
 * holds the first 16 hex digits of the model's and the data's hashes and 8 of the decoding's ({@link
 * #decodeKey}: window, pixel limit, channels — another {@code --window} gives other features), the
 * metadata the full values (checked on read). Tensors:
 * {@code features} [N, D] float32 and {@code labels} [N] int32 ({@link Dataset#NO_LABEL} for samples
 * without a label or unreadable; unreadable rows are zeros and counted in the metadata).
 */
public final class FeatureCache {
  private final Path dir;

  /** A cache in {@code dir} (created on first write). */
  public FeatureCache(Path dir) {
    this.dir = dir;
  }

  /** A cached or freshly computed feature set, and where it is stored. */
  public record Entry(FeatureSet features, Path file, boolean cached, int unreadable) {}

  /** The file for (model, data, decoding). */
  public Path fileFor(String modelSha, DataFingerprint data, DecodeOptions decode) {
    return dir.resolve(modelSha.substring(0, 16) + "-" + data.sha256().substring(0, 16) + "-"
        + sha256(decodeKey(decode)).substring(0, 8) + ".safetensors");
  }

  /** What of the decoding changes features: {@code window=percentile:1,99;max_pixels=50000000;channels=1}. */
  public static String decodeKey(DecodeOptions d) {
    return "window=" + d.window() + ";max_pixels=" + d.maxPixels() + ";channels=" + d.channels();
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Features of {@code data} under {@code source}: read from the cache when there, else computed and stored. */
  public Entry get(FeatureSource source, Dataset data, DataFingerprint fp, Consumer<String> progress) throws IOException {
    String decode = decodeKey(data.decodeOptions());
    Path f = fileFor(source.sha256(), fp, data.decodeOptions());
    if (Files.isRegularFile(f)) {
      SafeTensors st = SafeTensors.read(f);
      Map<String, String> m = st.metadata();
      if (source.sha256().equals(m.get("model_sha256")) && fp.sha256().equals(m.get("data_sha256"))
          && decode.equals(m.get("decode")) && st.tensors().containsKey("features")) {
        return new Entry(decode(st, data.classes()), f, true, Integer.parseInt(m.getOrDefault("unreadable", "0")));
      }
      progress.accept(f + ": a feature cache for other data, decoding or model; recomputing");
    }
    float[][] rows = source.extract(data, progress);
    int n = rows.length;
    int dim = 0;
    for (float[] r : rows) {
      if (r != null) {
        dim = r.length;
        break;
      }
    }
    int[] labels = new int[n];
    int unreadable = 0;
    float[] flat = new float[n * dim];
    for (int i = 0; i < n; i++) {
      if (rows[i] == null) {
        labels[i] = Dataset.NO_LABEL;
        unreadable++;
        rows[i] = new float[dim];
      } else {
        labels[i] = data.label(i);
        System.arraycopy(rows[i], 0, flat, i * dim, dim);
      }
    }
    Map<String, TensorData> t = new LinkedHashMap<>();
    t.put("features", TensorData.floats(Shape.of(n, dim), flat));
    t.put("labels", TensorData.ints(Shape.of(n), labels));
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("model_sha256", source.sha256());
    meta.put("data_sha256", fp.sha256());
    meta.put("decode", decode);
    meta.put("items", Integer.toString(n));
    meta.put("unreadable", Integer.toString(unreadable));
    meta.put("classes", String.join("\n", data.classes()));
    Files.createDirectories(dir);
    new SafeTensors(new LinkedHashMap<>(t), meta).write(f);
    return new Entry(new FeatureSet(rows, labels, data.classes()), f, false, unreadable);
  }

  /** The rows of a [N, D] float tensor. */
  static float[][] rows(TensorData f) {
    int n = (int) f.shape().dim(0);
    int d = (int) f.shape().dim(1);
    float[] flat = f.toFloats();
    float[][] rows = new float[n][d];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * d, rows[i], 0, d);
    }
    return rows;
  }

  private static FeatureSet decode(SafeTensors st, List<String> classes) {
    float[][] rows = rows(st.get("features"));
    int n = rows.length;
    long[] l = st.get("labels").toLongs();
    int[] labels = new int[n];
    for (int i = 0; i < n; i++) {
      labels[i] = (int) l[i];
    }
    return new FeatureSet(rows, labels, new ArrayList<>(classes));
  }
}
