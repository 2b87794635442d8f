package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import java.nio.FloatBuffer;
import java.util.List;

/**
 * Per-channel {@code (x − mean) / std}: torchvision {@code Normalize}. The last step of a pipeline; it
 * writes the view straight into the batch buffer.
 *
 * @param mean one value per channel
 * @param std one positive value per channel
 */
public record Normalize(List<Double> mean, List<Double> std) {
  /** ImageNet RGB statistics (torchvision's reference scripts). */
  public static final Normalize IMAGENET = new Normalize(List.of(0.485, 0.456, 0.406), List.of(0.229, 0.224, 0.225));

  public Normalize {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
    if (mean.isEmpty() || mean.size() != std.size()) {
      throw new IllegalArgumentException("mean and std need one value per channel, got " + mean + " and " + std);
    }
    for (double s : std) {
      if (!(s > 0) || Double.isInfinite(s)) {
        throw new IllegalArgumentException("std must be positive, got " + std);
      }
    }
    for (double m : mean) {
      if (!Double.isFinite(m)) {
        throw new IllegalArgumentException("mean must be finite, got " + mean);
      }
    }
  }

  /** Mean 0, std 1 for {@code channels} channels: leaves [0, 1] values as they are. */
  public static Normalize identity(int channels) {
    return new Normalize(java.util.Collections.nCopies(channels, 0.0), java.util.Collections.nCopies(channels, 1.0));
  }

  /** The same statistics for every channel. */
  public static Normalize of(int channels, double mean, double std) {
    return new Normalize(java.util.Collections.nCopies(channels, mean), java.util.Collections.nCopies(channels, std));
  }

  public int channels() {
    return mean.size();
  }

  /** Normalises {@code img} in place and copies it to {@code dst} at {@code offset} (absolute). */
  public void writeTo(FloatImage img, FloatBuffer dst, int offset) {
    if (img.channels() != mean.size()) {
      throw new IllegalArgumentException("Normalize has " + mean.size() + " channels, image has " + img.channels());
    }
    float[] d = img.data();
    int plane = img.plane();
    for (int c = 0; c < img.channels(); c++) {
      float m = mean.get(c).floatValue();
      float inv = (float) (1.0 / std.get(c));
      if (m == 0f && inv == 1f) {
        continue;
      }
      for (int i = c * plane, end = i + plane; i < end; i++) {
        d[i] = (d[i] - m) * inv;
      }
    }
    dst.put(offset, d, 0, img.size());
  }
}
