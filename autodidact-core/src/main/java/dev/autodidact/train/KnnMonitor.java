package dev.autodidact.train;

import dev.autodidact.Preprocessing;
import dev.autodidact.UserInputException;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.Split;
import dev.autodidact.data.SubsetDataset;
import dev.autodidact.eval.Knn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kNN monitor's data: a seeded sample of labelled images, every fifth one held out as a query and
 * the rest the bank of the weighted kNN of {@code eval} (k = 20, cosine, T = 0.07, the evaluation's
 * protocol).
 */
final class KnnMonitor {
  static final int K = 20;
  static final double TEMPERATURE = 0.07;

  private final SubsetDataset images;
  private final int classes;
  private final int threads;

  private KnnMonitor(SubsetDataset images, int classes, int threads) {
    this.images = images;
    this.classes = classes;
    this.threads = threads;
  }

  /** Opens {@code data} (must have labels) and draws up to {@code samples} labelled images with {@code seed}. */
  static KnnMonitor open(Path data, Preprocessing pre, int samples, long seed, int threads) {
    Dataset all = Datasets.open(data, new Datasets.Options(EvalPreprocessing.decodeOptions(pre), true, Split.all()));
    List<Integer> labelled = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (all.label(i) != Dataset.NO_LABEL) {
        labelled.add(i);
      }
    }
    if (all.classes().size() < 2 || labelled.size() < 10) {
      throw new UserInputException("--monitor-data " + data + ": the kNN monitor needs labelled images of at least 2"
          + " classes, found " + labelled.size() + " labelled images of " + all.classes().size() + " classes");
    }
    int[] pick = QualityMonitor.draw(labelled.size(), samples, seed + 1);
    int[] idx = new int[pick.length];
    for (int i = 0; i < pick.length; i++) {
      idx[i] = labelled.get(pick[i]);
    }
    return new KnnMonitor(new SubsetDataset(all, idx), all.classes().size(), threads);
  }

  /** The images to embed, in the order {@link #accuracy} expects. */
  Dataset images() {
    return images;
  }

  /** Top-1 accuracy of the held-out fifth against the rest, from the embeddings of {@link #images()}. */
  double accuracy(float[][] z) {
    List<float[]> bank = new ArrayList<>();
    List<Integer> bankLabels = new ArrayList<>();
    List<float[]> queries = new ArrayList<>();
    List<Integer> queryLabels = new ArrayList<>();
    for (int i = 0; i < z.length; i++) {
      if (z[i] == null) {
        continue;
      }
      boolean query = i % 5 == 4;
      (query ? queries : bank).add(z[i]);
      (query ? queryLabels : bankLabels).add(images.label(i));
    }
    try (Knn knn = Knn.of(bank.toArray(new float[0][]), bankLabels.stream().mapToInt(Integer::intValue).toArray(),
        classes, K, threads)) {
      double[][] p = knn.predict(queries.toArray(new float[0][]), new int[] {K}, TEMPERATURE)[0];
      int right = 0;
      for (int i = 0; i < p.length; i++) {
        int best = 0;
        for (int c = 1; c < classes; c++) {
          if (p[i][c] > p[i][best]) {
            best = c;
          }
        }
        right += best == queryLabels.get(i) ? 1 : 0;
      }
      return (double) right / p.length;
    }
  }
}
