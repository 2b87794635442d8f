package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * Per-thread scratch for the augmentation pipeline: the working image, a spare for two-buffer
 * transforms, resampling tables, a kernel and a random stream. Reused for every view, so once warmed up
 * the pipeline allocates nothing. Not thread-safe: one per worker thread.
 */
public final class Workspace {
  private final FloatImage image = new FloatImage();
  private final FloatImage spare = new FloatImage();
  final ViewBox box = new ViewBox();
  final SampleRandom rng = new SampleRandom(0);
  final Resampler resampler = new Resampler();
  float[] kernel = new float[0];
  float[] row = new float[0];

  /** The view being built. */
  public FloatImage image() {
    return image;
  }

  /** A second buffer of any shape, for transforms that cannot work in place. */
  public FloatImage spare() {
    return spare;
  }

  /** Exchanges {@link #image()} and {@link #spare()}. */
  public void swap() {
    image.swap(spare);
  }

  float[] kernel(int n) {
    if (kernel.length < n) {
      kernel = new float[n];
    }
    return kernel;
  }

  float[] row(int n) {
    if (row.length < n) {
      row = new float[n];
    }
    return row;
  }
}
