package dev.autodidact.train;

import dev.autodidact.UserInputException;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Split;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;

/**
 * The labels the online linear probe trains on, by index of the training set. They come from a
 * labelled opening of the same data (a folder's class subfolders, a CSV's {@code label} column, an IDX
 * labels file) rather than from the loader's own data set, so the loader, its data order and the run's
 * data fingerprint are exactly those of a run without the probe. Rows without a label get mask 0.
 */
final class ProbeLabels {
  private final int[] labels;
  private final int classes;
  private final int labelled;

  private ProbeLabels(int[] labels, int classes, int labelled) {
    this.labels = labels;
    this.classes = classes;
    this.labelled = labelled;
  }

  /**
   * The labels of {@code training} (opened from {@code data} with {@code split}).
   *
   * @throws UserInputException when the data has no labels of at least 2 classes
   */
  static ProbeLabels of(Path data, Split split, DecodeOptions decode, Dataset training) {
    Dataset withLabels = hasLabels(training) ? training : openWithLabels(data, split, decode);
    if (withLabels.size() != training.size()) {
      throw new IllegalStateException(data + ": " + withLabels.size() + " rows with labels, " + training.size()
          + " without");
    }
    int[] labels = new int[training.size()];
    int n = 0;
    for (int i = 0; i < labels.length; i++) {
      if (!withLabels.source(i).equals(training.source(i))) {
        throw new IllegalStateException(data + ": row " + i + " differs when opened with labels");
      }
      labels[i] = withLabels.label(i);
      n += labels[i] == Dataset.NO_LABEL ? 0 : 1;
    }
    int classes = withLabels.classes().size();
    if (n == 0 || classes < 2) {
      throw new UserInputException("--online-probe needs labels in the training data (a folder with one subfolder per"
          + " class, a CSV label column, an IDX labels file); " + data + " has " + n + " labelled images of " + classes
          + " classes");
    }
    return new ProbeLabels(labels, classes, n);
  }

  private static boolean hasLabels(Dataset d) {
    for (int i = 0; i < d.size(); i++) {
      if (d.label(i) != Dataset.NO_LABEL) {
        return true;
      }
    }
    return false;
  }

  /** A folder opened for pretraining has no labels: its class subfolders give them. */
  private static Dataset openWithLabels(Path data, Split split, DecodeOptions decode) {
    try {
      return Datasets.open(data, new Datasets.Options(decode, true, split));
    } catch (DataException e) {
      throw new UserInputException("--online-probe needs labels in the training data: " + e.getMessage(), e);
    }
  }

  /** The number of classes. */
  int classes() {
    return classes;
  }

  /** Labelled images in the training set. */
  int labelled() {
    return labelled;
  }

  /**
   * Writes the label (0 where there is none) and mask (1 = labelled) of each of {@code indices} into
   * rows 0.. of the buffers; rows past them get mask 0.
   */
  void write(int[] indices, LongBuffer labelOut, FloatBuffer maskOut) {
    for (int r = 0; r < maskOut.capacity(); r++) {
      int y = r < indices.length ? labels[indices[r]] : Dataset.NO_LABEL;
      labelOut.put(r, y == Dataset.NO_LABEL ? 0 : y);
      maskOut.put(r, y == Dataset.NO_LABEL ? 0f : 1f);
    }
  }
}
