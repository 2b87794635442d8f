package dev.autodidact.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset that is a list of image files with labels: what an image folder and a CSV manifest both
 * become once scanned. Decoding happens per {@link #load}, from the file.
 */
abstract class FileListDataset implements Dataset {
  private final List<Path> files;
  private final int[] labels;
  private final List<String> classes;
  private final DecodeOptions decode;

  FileListDataset(List<Path> files, int[] labels, List<String> classes, DecodeOptions decode) {
    this.files = List.copyOf(files);
    this.labels = labels;
    this.classes = List.copyOf(classes);
    this.decode = decode;
  }

  /** The file of sample {@code index}. */
  public final Path file(int index) {
    return files.get(index);
  }

  @Override
  public final int size() {
    return files.size();
  }

  @Override
  public final String source(int index) {
    return files.get(index).toString();
  }

  @Override
  public final int label(int index) {
    return labels[index];
  }

  @Override
  public final List<String> classes() {
    return classes;
  }

  @Override
  public final DecodeOptions decodeOptions() {
    return decode;
  }

  @Override
  public final void load(int index, ImageDecoder decoder, FloatImage into) throws BadImageException {
    decoder.decode(files.get(index), into);
  }
}
