package dev.autodidact.data.augment;

import dev.autodidact.data.SampleRandom;

/** A transform on the pixels of the resampled view, in place in the {@link Workspace}. */
public interface PixelTransform {
  /** Transforms {@code ws.image()}; may use {@code ws.spare()} and {@link Workspace#swap()}. */
  void apply(Workspace ws, SampleRandom rng);
}
