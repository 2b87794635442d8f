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

/**
 * Wang &amp; Isola's alignment for the quality monitor: two views of each of the first images of the
 * monitor sample, made with the run's training augmentation, through the eval encoder; the mean squared
 * distance of their normalised embeddings. The views are a function of (seed, step, image), so a
 * measurement is reproducible (and the same after a resume or from {@code autodidact monitor}).
 *
 * <p>At most {@link #MAX_IMAGES} images: alignment is a mean over pairs, steady at a few hundred, and
 * each image costs two more forward passes than the rest of the monitor.
 */
final class AlignmentViews {
  /** Images (pairs of views) per measurement at most. */
  static final int MAX_IMAGES = 256;
  private static final long STREAM = 0x616c69676eL; // "align": apart from the loader's and the sample's draws

  private final Pipeline pipeline;
  private final Dataset images;
  private final long seed;

  /**
   * @param recipe the run's recipe (its augmentation)
   * @param sample the monitor's sample; its first {@link #MAX_IMAGES} images are used
   */
  AlignmentViews(Recipe recipe, Dataset sample, long seed) {
    this.pipeline = Trainer.pipeline(recipe);
    this.images = sample;
    this.seed = seed ^ STREAM;
  }

  /** The alignment at {@code step} of the encoder {@code m} (NaN when no image could be read). */
  double measure(InferenceModel m, long step) {
    int n = Math.min(MAX_IMAGES, images.size());
    int view = pipeline.viewSize();
    FloatBuffer a = ByteBuffer.allocateDirect(4 * n * view).order(ByteOrder.nativeOrder()).asFloatBuffer();
    FloatBuffer b = ByteBuffer.allocateDirect(4 * n * view).order(ByteOrder.nativeOrder()).asFloatBuffer();
    ImageDecoder decoder = new ImageDecoder(images.decodeOptions());
    FloatImage img = new FloatImage();
    Workspace ws = new Workspace();
    int rows = 0;
    for (int i = 0; i < n; i++) {
      try {
        images.load(i, decoder, img);
      } catch (BadImageException e) {
        continue; // unreadable, as the rest of the monitor skips it
      }
      pipeline.apply(img, seed, step, i, 0, ws, a, rows * view); // x: [n, C, H, W]
      pipeline.apply(img, seed, step, i, 1, ws, b, rows * view);
      rows++;
    }
    if (rows == 0) {
      return Double.NaN;
    }
    return RepresentationStats.alignment(m.runPrepared(a, rows), m.runPrepared(b, rows)); // [n, D] each
  }
}
