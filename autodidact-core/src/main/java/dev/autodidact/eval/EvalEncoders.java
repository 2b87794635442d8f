package dev.autodidact.eval;

import java.util.Optional;

/**
 * The encoders an evaluation compares: the pretrained one and, for {@code --baseline random}, a
 * randomly initialised encoder of the same recipe and seed.
 *
 * @param info what the pretrained model is (for results.json)
 */
public record EvalEncoders(ModelInfo info, FeatureSource pretrained, Optional<FeatureSource> random) implements AutoCloseable {
  /**
   * Opens {@code model} (a run, a checkpoint, or an {@code encoder.onnx} with its {@code encoder.json})
   * through the public {@code Encoder} API, and the random-init baseline when asked.
   *
   * @param device {@code auto}, {@code cpu}, {@code cuda[:N]}
   * @throws dev.autodidact.UserInputException when the model cannot be used (the message says why)
   */
  public static EvalEncoders open(java.nio.file.Path model, boolean baseline, String device, int threads,
      java.util.function.Consumer<String> log) throws java.io.IOException {
    return EncoderLoading.open(model, baseline, device, threads, log);
  }

  @Override
  public void close() {
    try {
      pretrained.close();
    } finally {
      random.ifPresent(FeatureSource::close);
    }
  }
}
