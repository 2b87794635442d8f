package dev.autodidact.eval;

import java.util.Optional;

/**
 * The encoders an evaluation compares: the pretrained one and, for {@code --baseline random}, a
 * randomly initialised encoder of the same recipe and seed.
 *
 * @param info what the pretrained model is (for results.json)
 */
public record EvalEncoders(ModelInfo info, FeatureSource pretrained, Optional<FeatureSource> random) implements AutoCloseable {
  @Override
  public void close() {
    try {
      pretrained.close();
    } finally {
      random.ifPresent(FeatureSource::close);
    }
  }
}
