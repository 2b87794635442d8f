package dev.autodidact.eval;

import dev.autodidact.data.BadImageException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.SubsetDataset;
import dev.autodidact.data.Subsets;
import java.util.List;

/**
 * Frozen-encoder features of a labelled dataset, in dataset order.
 *
 * @param features [N, D]
 * @param labels [N], {@link Dataset#NO_LABEL} where a sample has none
 * @param classes class names, indexed by label
 */
public record FeatureSet(float[][] features, int[] labels, List<String> classes) {
  public FeatureSet {
    if (features.length != labels.length) {
      throw new IllegalArgumentException(features.length + " feature rows, " + labels.length + " labels");
    }
    classes = List.copyOf(classes);
  }

  public int size() {
    return labels.length;
  }

  public int dim() {
    return features.length == 0 ? 0 : features[0].length;
  }

  /** The rows {@code idx}, in that order. */
  public FeatureSet rows(int[] idx) {
    float[][] f = new float[idx.length][];
    int[] y = new int[idx.length];
    for (int i = 0; i < idx.length; i++) {
      f[i] = features[idx[i]];
      y[i] = labels[idx[i]];
    }
    return new FeatureSet(f, y, classes);
  }

  /** Every labelled row. */
  public FeatureSet labelled() {
    return rows(java.util.stream.IntStream.range(0, size()).filter(i -> labels[i] != Dataset.NO_LABEL).toArray());
  }

  /**
   * {@code k} rows per class chosen by {@link Subsets#perClass} (nested across k, stable), in dataset
   * order.
   */
  public FeatureSet perClass(int k, long seed) {
    SubsetDataset s = Subsets.perClass(new LabelsOnly(), k, seed);
    int[] idx = new int[s.size()];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = s.baseIndex(i);
    }
    return rows(idx);
  }

  /** The labels as a dataset, for {@link Subsets}: it never loads images. */
  private final class LabelsOnly implements Dataset {
    @Override
    public int size() {
      return labels.length;
    }

    @Override
    public String source(int index) {
      return "#" + index;
    }

    @Override
    public int label(int index) {
      return labels[index];
    }

    @Override
    public List<String> classes() {
      return classes;
    }

    @Override
    public DecodeOptions decodeOptions() {
      return DecodeOptions.of(1);
    }

    @Override
    public void load(int index, ImageDecoder decoder, FloatImage into) throws BadImageException {
      throw new UnsupportedOperationException("labels only");
    }
  }
}
