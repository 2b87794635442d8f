package dev.autodidact.train;

import dev.autodidact.api.InferenceModel;
import dev.autodidact.data.BadImageException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Workspace;
import dev.autodidact.eval.RepresentationStats;
import dev.autodidact.recipe.Recipe;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Wang &amp; Isola's alignment for the quality monitor: two views of each of the first
 * {@link #imagesFor} images of the monitor sample, made with the run's training augmentation, through the eval encoder; the mean squared
 * distance of their normalised embeddings. The views are a function of (seed, step, image), so a
 * measurement is reproducible (and the same after a resume or from {@code autodidact monitor}).
 *
 * <p>An eighth of the sample (32 to 256 images): each image costs two forward passes, so this adds a
 * quarter to the monitor's encoder work, and a mean over a few dozen to a few hundred pairs is steady
 * enough for a curve. Not thread-safe (it keeps its view buffers).
 */
final class AlignmentViews {
  /** Images (pairs of views) per measurement at most. */
  static final int MAX_IMAGES = 256;
  /** Images per measurement at least (when the sample has them). */
  static final int MIN_IMAGES = 32;
  /** Images per forward pass: bounds the view buffers (two of 64 × C × H × W floats). */
  private static final int CHUNK = 64;
  private static final long STREAM = 0x616c69676eL; // "align": apart from the loader's and the sample's draws

  private final Pipeline pipeline;
  private final Dataset images;
  private final long seed;
  private FloatBuffer a;
  private FloatBuffer b;

  /**
   * @param recipe the run's recipe (its augmentation)
   * @param sample the monitor's sample; its first {@link #imagesFor} images are used
   */
  AlignmentViews(Recipe recipe, Dataset sample, long seed) {
    this.pipeline = Trainer.pipeline(recipe);
    this.images = sample;
    this.seed = seed ^ STREAM;
  }

  /** Images used of a sample of {@code size}: an eighth, at least {@link #MIN_IMAGES}, at most {@link #MAX_IMAGES}. */
  static int imagesFor(int size) {
    return Math.min(size, Math.min(MAX_IMAGES, Math.max(MIN_IMAGES, size / 8)));
  }

  /** The alignment at {@code step} of the encoder {@code m} (NaN when no image could be read). */
  double measure(InferenceModel m, long step) {
    int n = imagesFor(images.size());
    int view = pipeline.viewSize();
    if (a == null) {
      a = ByteBuffer.allocateDirect(4 * CHUNK * view).order(ByteOrder.nativeOrder()).asFloatBuffer();
      b = ByteBuffer.allocateDirect(4 * CHUNK * view).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    ImageDecoder decoder = new ImageDecoder(images.decodeOptions());
    FloatImage img = new FloatImage();
    Workspace ws = new Workspace();
    List<float[]> za = new ArrayList<>();
    List<float[]> zb = new ArrayList<>();
    int rows = 0;
    for (int i = 0; i < n; i++) {
      try {
        images.load(i, decoder, img);
      } catch (BadImageException e) {
        continue; // unreadable, as the rest of the monitor skips it
      }
      pipeline.apply(img, seed, step, i, 0, ws, a, rows * view); // x: [rows, C, H, W]
      pipeline.apply(img, seed, step, i, 1, ws, b, rows * view);
      rows++;
      if (rows == CHUNK) {
        embed(m, rows, za, zb);
        rows = 0;
      }
    }
    embed(m, rows, za, zb);
    if (za.isEmpty()) {
      return Double.NaN;
    }
    return RepresentationStats.alignment(za.toArray(new float[0][]), zb.toArray(new float[0][]));
  }

  /** Embeds the {@code rows} views in each buffer, appending them to {@code za} and {@code zb} ([rows, D] each). */
  private void embed(InferenceModel m, int rows, List<float[]> za, List<float[]> zb) {
    if (rows > 0) {
      za.addAll(List.of(m.runPrepared(a, rows)));
      zb.addAll(List.of(m.runPrepared(b, rows)));
    }
  }
}
