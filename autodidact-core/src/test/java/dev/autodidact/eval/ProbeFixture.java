package dev.autodidact.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The probe fixture of tools/reference/eval_probe.py: features, labels, reference probabilities. */
final class ProbeFixture {
  static final Path DIR = Path.of("testdata/reference/eval");
  final SafeTensors tensors;
  final JsonNode summary;

  private ProbeFixture() {
    try {
      tensors = SafeTensors.read(DIR.resolve("probe.safetensors"));
      summary = new ObjectMapper().readTree(DIR.resolve("probe.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ProbeFixture load() {
    return new ProbeFixture();
  }

  float[][] features(String name) {
    return FeatureCache.rows(tensors.get(name));
  }

  int[] ints(String name) {
    long[] v = tensors.get(name).toLongs();
    int[] out = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      out[i] = (int) v[i];
    }
    return out;
  }

  double[][] probs(String name) {
    TensorData t = tensors.get(name);
    int n = (int) t.shape().dim(0);
    int c = (int) t.shape().dim(1);
    double[] flat = t.toDoubles();
    double[][] p = new double[n][c];
    for (int i = 0; i < n; i++) {
      System.arraycopy(flat, i * c, p[i], 0, c);
    }
    return p;
  }

  static double accuracy(double[][] p, int[] y) {
    int hit = 0;
    for (int i = 0; i < y.length; i++) {
      hit += Metrics.argmax(p[i]) == y[i] ? 1 : 0;
    }
    return hit / (double) y.length;
  }
}
