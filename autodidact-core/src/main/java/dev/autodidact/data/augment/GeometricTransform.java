package dev.autodidact.data.augment;

import dev.autodidact.data.SampleRandom;

/**
 * A transform that chooses which part of the source is seen and at what size (crops, resizes). It
 * only edits the {@link ViewBox}; the pixels are resampled once, after all geometric transforms.
 */
public interface GeometricTransform {
  /** Narrows or rescales {@code box}, drawing from {@code rng} if random. */
  void sample(ViewBox box, SampleRandom rng);
}
