package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * An augmentation pipeline producing {@code channels × size × size} views: geometric transforms (which
 * only choose a box), one fused resampling pass, pixel transforms in place, then {@link Normalize}
 * writing into the destination buffer.
 *
 * <p>The random stream of a view is a pure function of (seed, epoch, sample index, view), so the
 * pixels do not depend on threads or scheduling. Thread-safe (immutable); all scratch lives in the
 * caller's {@link Workspace}.
 *
 * @param name for logs and benchmarks
 * @param size output side in pixels
 * @param channels output channels (1 or 3)
 * @param geometric crop/resize transforms, in order; the last one must produce {@code size × size}
 * @param pixel pixel transforms, in order
 * @param normalize final per-channel normalisation
 */
public record Pipeline(
    String name, int size, int channels, List<GeometricTransform> geometric, List<PixelTransform> pixel, Normalize normalize) {
  public Pipeline {
    if (size <= 0) {
      throw new IllegalArgumentException("size must be positive, got " + size);
    }
    if (channels != 1 && channels != 3) {
      throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
    }
    geometric = List.copyOf(geometric);
    pixel = List.copyOf(pixel);
    if (normalize.channels() != channels) {
      throw new IllegalArgumentException("normalize has " + normalize.channels() + " channels, pipeline " + channels);
    }
  }

  /** The same pipeline with another normalisation. */
  public Pipeline withNormalize(Normalize n) {
    return new Pipeline(name, size, channels, geometric, pixel, n);
  }

  /** Floats per view. */
  public int viewSize() {
    return channels * size * size;
  }

  /**
   * Builds view {@code view} of sample {@code index} from {@code src} (already in {@link #channels()}
   * channels) and writes it to {@code dst} at absolute float offset {@code offset}.
   */
  public void apply(
      FloatImage src, long seed, long epoch, long index, int view, Workspace ws, FloatBuffer dst, int offset) {
    if (src.channels() != channels) {
      throw new IllegalArgumentException("source has " + src.channels() + " channels, pipeline expects " + channels);
    }
    SampleRandom rng = ws.rng.reseed(seed, epoch, index, view);
    ViewBox box = ws.box.reset(src.width(), src.height());
    for (GeometricTransform g : geometric) {
      g.sample(box, rng);
    }
    if (box.outW != size || box.outH != size) {
      throw new IllegalStateException(
          "pipeline " + name + " produced a " + box.outW + "x" + box.outH + " view, expected " + size + "x" + size
              + " (end the geometric transforms with a crop)");
    }
    ws.resampler.resample(src, box, ws.image());
    for (PixelTransform p : pixel) {
      p.apply(ws, rng);
    }
    normalize.writeTo(ws.image(), dst, offset);
  }
}
