package dev.autodidact.report;

import dev.autodidact.data.BadImageException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Normalize;
import dev.autodidact.data.augment.Workspace;
import dev.autodidact.recipe.Recipe;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A seeded sample of test images after eval preprocessing (resize, centre crop), kept in [0, 1] for
 * thumbnails and normalised on demand for the encoder. Only pixels and labels are kept: no file names,
 * so nothing identifying reaches the report.
 *
 * @param indices the dataset index of each image
 * @param pixels [n, C, S, S] in [0, 1]
 * @param labels label per image ({@link Dataset#NO_LABEL} when unlabelled)
 * @param classes label names
 * @param skipped unreadable images passed over
 */
record TestSample(int n, int channels, int size, int[] indices, float[] pixels, int[] labels, List<String> classes,
    int skipped) {
  /**
   * Draws up to {@code max} images of {@code data} with {@code seed}, through the geometric part of
   * {@code eval} (the encoder's resize and crop), pixels left in [0, 1].
   */
  static TestSample load(Dataset data, Pipeline eval, int max, long seed) {
    int total = data.size();
    int[] order = new int[total];
    for (int i = 0; i < total; i++) {
      order[i] = i;
    }
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = total - 1; i > 0; i--) { // Fisher–Yates
      int j = rng.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    Pipeline view = eval.withNormalize(Normalize.identity(eval.channels()));
    int per = view.viewSize();
    ImageDecoder decoder = new ImageDecoder(data.decodeOptions());
    FloatImage img = new FloatImage();
    Workspace ws = new Workspace();
    List<Integer> chosen = new ArrayList<>();
    int skipped = 0;
    for (int i = 0; i < total && chosen.size() < max; i++) {
      chosen.add(order[i]);
    }
    chosen.sort(null);
    float[] pixels = new float[chosen.size() * per];
    int[] labels = new int[chosen.size()];
    int[] kept = new int[chosen.size()];
    int n = 0;
    FloatBuffer dst = FloatBuffer.wrap(pixels);
    for (int idx : chosen) {
      try {
        data.load(idx, decoder, img);
      } catch (BadImageException e) {
        skipped++;
        continue;
      }
      view.apply(img, seed, 0, idx, 0, ws, dst, n * per);
      kept[n] = idx;
      labels[n++] = data.label(idx);
    }
    return new TestSample(n, view.channels(), view.size(), Arrays.copyOf(kept, n), Arrays.copyOf(pixels, n * per),
        Arrays.copyOf(labels, n), data.classes(), skipped);
  }

  /** The same images with other class names (same labels), e.g. the evaluation's names for IDX digits. */
  TestSample withClasses(List<String> names) {
    return new TestSample(n, channels, size, indices, pixels, labels, List.copyOf(names), skipped);
  }

  /** The images whose row of {@code rows} is not null (the encoder read them), in order. */
  TestSample keep(float[][] rows) {
    int[] keep = java.util.stream.IntStream.range(0, n).filter(i -> rows[i] != null).toArray();
    if (keep.length == n) {
      return this;
    }
    int per = per();
    float[] px = new float[keep.length * per];
    int[] idx = new int[keep.length];
    int[] lab = new int[keep.length];
    for (int j = 0; j < keep.length; j++) {
      System.arraycopy(pixels, keep[j] * per, px, j * per, per);
      idx[j] = indices[keep[j]];
      lab[j] = labels[keep[j]];
    }
    return new TestSample(keep.length, channels, size, idx, px, lab, classes, skipped + n - keep.length);
  }

  /** Floats per image. */
  int per() {
    return channels * size * size;
  }

  /** True when every image has a label. */
  boolean labelled() {
    return n > 0 && !classes.isEmpty() && Arrays.stream(labels).allMatch(l -> l >= 0);
  }

  /** The name of image {@code i}'s class, or "?" */
  String className(int i) {
    int l = labels[i];
    return l >= 0 && l < classes.size() ? classes.get(l) : "?";
  }

  /** The encoder input: {@code (x − mean) / std} per channel. x: [n, C, S, S]. */
  float[] normalised(Recipe.Input in) {
    float[] out = new float[pixels.length];
    int plane = size * size;
    for (int i = 0; i < n; i++) {
      for (int c = 0; c < channels; c++) {
        float m = in.mean().get(c).floatValue();
        float s = in.std().get(c).floatValue();
        int off = (i * channels + c) * plane;
        for (int p = 0; p < plane; p++) {
          out[off + p] = (pixels[off + p] - m) / s;
        }
      }
    }
    return out;
  }
}
