package dev.autodidact.finetune;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.augment.Normalize;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.data.loader.Batch;
import dev.autodidact.data.loader.BadInputReport;
import dev.autodidact.data.loader.DataLoader;
import dev.autodidact.data.loader.Epoch;
import dev.autodidact.data.loader.LoaderOptions;
import dev.autodidact.recipe.Recipe;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The probabilities a classifier model gives every readable image of a dataset (eval preprocessing:
 * resize and centre crop, the recipe's normalization).
 *
 * @param probs [n][K] by dataset index; null rows for unreadable images
 * @param bad the unreadable images with their reasons
 */
public record Scores(float[][] probs, BadInputReport bad) {
  /** The evaluation preprocessing of {@code recipe}. */
  public static Pipeline evalPipeline(Recipe recipe) {
    Recipe.Input in = recipe.input();
    return Presets.eval(in.size(), in.channels()).withNormalize(new Normalize(in.mean(), in.std()));
  }

  /**
   * Runs {@code session} (input {@code x}, output {@code probabilities}, dynamic batch) over {@code ds}.
   *
   * @param maxBadShare share of unreadable images tolerated before failing
   */
  public static Scores of(OrtSession session, Recipe recipe, Dataset ds, int batch, int threads, double maxBadShare)
      throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int k = recipe.classifier().numClasses();
    float[][] probs = new float[ds.size()][];
    LoaderOptions o = LoaderOptions.evaluation(Math.min(batch, Math.max(1, ds.size())), threads)
        .withMaxBadShare(maxBadShare).withCacheBytes(0);
    try (DataLoader loader = new DataLoader(ds, evalPipeline(recipe), o); Epoch ep = loader.epoch(0)) {
      while (ep.hasNext()) {
        try (Batch b = ep.next()) {
          long[] shape = b.shape();
          FloatBuffer images = b.images();
          try (OnnxTensor x = OnnxTensor.createTensor(env, images, shape);
              OrtSession.Result r = session.run(Map.of(ClassifierModel.INPUT, x))) {
            float[][] out = (float[][]) r.get(0).getValue();
            for (int i = 0; i < b.size(); i++) {
              int idx = b.index(i);
              if (probs[idx] == null && out[i].length == k) {
                probs[idx] = out[i];
              }
            }
          }
        }
      }
      // An unreadable image's slot is filled by a replacement image under the replacement's own index,
      // so its row stays null.
      return new Scores(probs, loader.badInput());
    }
  }
}
