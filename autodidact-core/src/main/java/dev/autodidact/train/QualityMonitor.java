package dev.autodidact.train;

import dev.autodidact.InferenceOptions;
import dev.autodidact.Preprocessing;
import dev.autodidact.api.DatasetEmbedder;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.api.InferenceModel;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.DatasetStats;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.SubsetDataset;
import dev.autodidact.eval.RepresentationStats;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Label-free representation quality during pretraining: the eval-mode encoder built from the current
 * weights (as {@link EncoderExport} exports it) embeds a fixed, seeded sample of the training set with
 * the eval preprocessing of {@code encoder.json}, and {@link RepresentationStats} summarises the
 * embeddings. The sample is the same at every measurement (and across resumes), so the numbers form a
 * curve.
 *
 * <pre>{@code
 * QualityMonitor m = new QualityMonitor(recipe, data, 2048, seed, Device.CPU, 2);
 * RepresentationStats s = m.measure(trainSession.state()); // s.rankMe(), s.std(), s.uniformity()
 * }</pre>
 */
public final class QualityMonitor {
  private static final int BATCH = 256;

  private final Recipe recipe;
  private final Preprocessing pre;
  private final Dataset sample;
  private final InferenceOptions options;
  private final KnnMonitor knn;
  private final AlignmentViews alignment;

  /**
   * @param samples images to draw (all of them when the data set is smaller)
   * @param seed fixes which images
   */
  public QualityMonitor(Recipe recipe, Path data, int samples, long seed, Device device, int threads) {
    this(recipe, data, null, samples, seed, device, threads);
  }

  /**
   * As above, with the kNN monitor on {@code labelled} (null: none): a seeded sample of its labelled
   * images split 80/20 into the kNN bank and held-out queries.
   */
  public QualityMonitor(Recipe recipe, Path data, Path labelled, int samples, long seed, Device device, int threads) {
    this.recipe = recipe;
    this.pre = EvalPreprocessing.of(recipe);
    Dataset all = Datasets.open(data, new Datasets.Options(EvalPreprocessing.decodeOptions(pre), false,
        dev.autodidact.data.Split.all()));
    this.sample = new SubsetDataset(all, draw(all.size(), samples, seed));
    this.options = new InferenceOptions(device.kind() == Device.Kind.CPU ? "cpu" : device.toString(), threads);
    this.knn = labelled == null ? null : KnnMonitor.open(labelled, pre, samples, seed, threads);
    this.alignment = new AlignmentViews(recipe, sample, seed);
  }

  /**
   * One measurement: the label-free statistics, the kNN accuracy when labelled data was given (else
   * NaN), and the alignment of two augmented views (see {@link AlignmentViews}).
   */
  public record Measurement(RepresentationStats stats, double knnAccuracy, double alignment) {}

  /** The number of images measured. */
  public int size() {
    return sample.size();
  }

  /** {@link #measure(Map, long)} at step 0. */
  public Measurement measure(Map<String, TensorData> state) throws IOException {
    return measure(state, 0);
  }

  /**
   * Embeds the sample(s) with the encoder whose weights are in {@code state} (by parameter name);
   * {@code step} seeds the augmented views of the alignment.
   */
  public Measurement measure(Map<String, TensorData> state, long step) throws IOException {
    EncoderExport.Built b = EncoderExport.build(recipe, state);
    try (InferenceModel m = InferenceModel.open(b.onnx(), "monitor encoder", pre, EvalEncoder.INPUT,
        EvalEncoder.OUTPUT, options)) {
      List<float[]> ok = new ArrayList<>();
      for (float[] row : embed(sample, m)) {
        if (row != null) {
          ok.add(row); // unreadable images are skipped, as the loader skips them
        }
      }
      RepresentationStats stats = RepresentationStats.of(ok.toArray(new float[0][]));
      return new Measurement(stats, knn == null ? Double.NaN : knn.accuracy(embed(knn.images(), m)),
          alignment.measure(m, step));
    }
  }

  /** Embeddings of {@code ds} by index: [N, D] (null rows: unreadable images). */
  static float[][] embed(Dataset ds, InferenceModel m) throws IOException {
    float[][] z = new float[ds.size()][];
    DatasetEmbedder.run(ds, m, BATCH, 1, (idx, rows) -> {
      for (int j = 0; j < idx.length; j++) {
        z[idx[j]] = rows[j];
      }
    }, (index, e) -> { }, done -> { });
    return z;
  }

  /** The size of the pretraining split of {@code data}: what the loop's default sample size is based on. */
  static int sizeOf(Recipe recipe, Path data) {
    return Datasets.open(data, dev.autodidact.data.Split.pretraining(),
        EvalPreprocessing.decodeOptions(EvalPreprocessing.of(recipe))).size();
  }

  /** {@code k} distinct indices of [0, n), sorted, drawn with {@code seed}. */
  static int[] draw(int n, int k, long seed) {
    return DatasetStats.pick(n, k, seed ^ 0x6d6f6e69746f72L); // "monitor": independent of the loader's draws
  }
}
