package dev.autodidact.eval;

import dev.autodidact.data.Dataset;
import dev.autodidact.data.DecodeOptions;
import java.util.function.Consumer;

/**
 * A frozen encoder as the evaluation sees it: how to open data for it, a hash that identifies it (the
 * feature cache's key), and features of a dataset. The implementation over the public {@code Encoder}
 * API is {@link EncoderFeatures}; tests substitute their own.
 */
public interface FeatureSource extends AutoCloseable {
  /** SHA-256 (hex) of the encoder model: equal hashes give equal features. */
  String sha256();

  /** How images must be decoded for this encoder (channels, windowing). */
  DecodeOptions decodeOptions();

  /**
   * Features of every sample, in dataset order: [N, D]. An unreadable sample gets a null row (the
   * caller drops it and says how many).
   */
  float[][] extract(Dataset data, Consumer<String> progress);

  @Override
  void close();
}
