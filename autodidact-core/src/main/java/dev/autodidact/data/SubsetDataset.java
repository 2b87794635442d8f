package dev.autodidact.data;

import java.util.List;

/** A view of some samples of another dataset, in the given order. */
public final class SubsetDataset implements Dataset {
  private final Dataset base;
  private final int[] indices;

  /** {@code indices} are positions in {@code base}; copied. */
  public SubsetDataset(Dataset base, int[] indices) {
    for (int i : indices) {
      if (i < 0 || i >= base.size()) {
        throw new IndexOutOfBoundsException("index " + i + " outside dataset of " + base.size());
      }
    }
    this.base = base;
    this.indices = indices.clone();
  }

  /** The position in the base dataset of sample {@code index}. */
  public int baseIndex(int index) {
    return indices[index];
  }

  /** The dataset this is a view of. */
  Dataset base() {
    return base;
  }

  @Override
  public int size() {
    return indices.length;
  }

  @Override
  public String source(int index) {
    return base.source(indices[index]);
  }

  @Override
  public int label(int index) {
    return base.label(indices[index]);
  }

  @Override
  public List<String> classes() {
    return base.classes();
  }

  @Override
  public DecodeOptions decodeOptions() {
    return base.decodeOptions();
  }

  @Override
  public void load(int index, ImageDecoder decoder, FloatImage into) throws BadImageException {
    base.load(indices[index], decoder, into);
  }

  @Override
  public boolean inMemory() {
    return base.inMemory();
  }
}
