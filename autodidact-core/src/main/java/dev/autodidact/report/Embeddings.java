package dev.autodidact.report;

import ai.onnxruntime.OrtException;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.Arrays;
import java.util.Map;

/** Features of a {@link TestSample} through the model's eval encoder, L2-normalised, on the CPU. */
final class Embeddings {
  private static final int CHUNK = 128;

  private Embeddings() {}

  /** x: [n, C, S, S] normalised → unit-length features [n][D]. */
  static float[][] compute(ModelSource model, TestSample sample) throws OrtException {
    float[] x = sample.normalised(model.input());
    int per = sample.per();
    float[][] out = new float[sample.n()][];
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    try (ModelRunner runner = new ModelRunner(model.encoder(), Device.CPU, threads)) {
      for (int start = 0; start < sample.n(); start += CHUNK) {
        int m = Math.min(CHUNK, sample.n() - start);
        float[] chunk = Arrays.copyOfRange(x, start * per, (start + m) * per);
        TensorData in = TensorData.floats(Shape.of(m, sample.channels(), sample.size(), sample.size()), chunk);
        float[] f = runner.run(Map.of(EvalEncoder.INPUT, in), EvalEncoder.OUTPUT).get(EvalEncoder.OUTPUT).toFloats();
        int d = f.length / m;
        for (int i = 0; i < m; i++) {
          out[start + i] = unit(Arrays.copyOfRange(f, i * d, (i + 1) * d));
        }
      }
    }
    return out;
  }

  private static float[] unit(float[] v) {
    double s = 0;
    for (float a : v) {
      s += a * a;
    }
    float inv = s > 0 ? (float) (1 / Math.sqrt(s)) : 0f;
    for (int i = 0; i < v.length; i++) {
      v[i] *= inv;
    }
    return v;
  }

  /** Cosine similarity of two unit vectors. */
  static double cosine(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
