package dev.autodidact.eval;

import dev.autodidact.api.DatasetEmbedder;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.api.InferenceModel;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.DecodeOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Features through the public encoder API's inference session ({@link InferenceModel}, what {@code
 * Encoder} wraps) and its dataset runner ({@link DatasetEmbedder}): the {@code encoder.json} contract's
 * decoding and eval pipeline, exactly as {@code Encoder.embed} and {@code autodidact embed} prepare an
 * image.
 */
final class EncoderFeatures implements FeatureSource {
  static final int BATCH = 256;

  private final InferenceModel model;
  private final String sha256;
  private final AutoCloseable owner;

  /**
   * @param owner closed with this source (the {@code Encoder}, or the model itself)
   */
  EncoderFeatures(InferenceModel model, String sha256, AutoCloseable owner) {
    this.model = model;
    this.sha256 = sha256;
    this.owner = owner;
  }

  @Override
  public String sha256() {
    return sha256;
  }

  @Override
  public DecodeOptions decodeOptions() {
    return EvalPreprocessing.decodeOptions(model.preprocessing());
  }

  @Override
  public float[][] extract(Dataset data, Consumer<String> progress) {
    float[][] out = new float[data.size()][];
    long t0 = System.nanoTime();
    long[] lastLog = {t0};
    try {
      // one worker decodes ahead of the session: ORT already has the cores
      DatasetEmbedder.run(data, model, BATCH, 1, (idx, rows) -> {
        for (int j = 0; j < idx.length; j++) {
          out[idx[j]] = rows[j];
        }
      }, (index, e) -> { }, done -> {
        long now = System.nanoTime();
        if (now - lastLog[0] > 30e9 && done < data.size()) {
          lastLog[0] = now;
          progress.accept(String.format(Locale.ROOT, "  features: %d / %d images (%.0f images/s)", done, data.size(),
              done / ((now - t0) / 1e9)));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out; // unreadable samples stay null: the cache counts and drops them
  }

  @Override
  public void close() {
    try {
      owner.close();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
