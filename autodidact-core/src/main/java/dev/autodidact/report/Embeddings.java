package dev.autodidact.report;

import dev.autodidact.Encoder;
import dev.autodidact.api.DatasetEmbedder;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.SubsetDataset;
import java.io.IOException;

/**
 * Features of a {@link TestSample} through the public {@link Encoder} (its own preprocessing, exactly
 * what {@code evaluate} embeds), L2-normalised.
 */
final class Embeddings {
  private static final int BATCH = 64;

  private Embeddings() {}

  /**
   * Unit-length features [n][D] of the sample's images, row i for sample image i; a row is null when
   * the encoder could not read that image.
   */
  static float[][] compute(Encoder encoder, Dataset data, TestSample sample) throws IOException {
    float[][] out = new float[sample.n()][];
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    DatasetEmbedder.run(new SubsetDataset(data, sample.indices()), encoder.session(), BATCH, threads,
        (idx, rows) -> {
          for (int i = 0; i < idx.length; i++) {
            out[idx[i]] = unit(rows[i]);
          }
        }, (idx, bad) -> { }, done -> { });
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
