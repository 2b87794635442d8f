package dev.autodidact.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens whatever {@code --data} points at: a folder of images, an IDX folder (holding {@code
 * train-images-idx3-ubyte[.gz]} etc.), a {@code .csv} manifest, or an IDX images file.
 */
public final class Datasets {
  private Datasets() {}

  /**
   * What to open and how.
   *
   * @param decode channels (the recipe's, 1 or 3), pixel limit, windowing
   * @param withLabels for folders: take the first-level subfolder as the label
   * @param split for CSV: keep rows of this split; for IDX folders: {@code train} (default) or {@code
   *     test}
   */
  public record Options(DecodeOptions decode, boolean withLabels, Optional<String> split) {
    public Options {
      java.util.Objects.requireNonNull(decode, "decode");
      split = split == null ? Optional.empty() : split;
    }

    /** Default decoding to {@code channels}, no labels from folders, no split. */
    public static Options of(int channels) {
      return new Options(DecodeOptions.of(channels), false, Optional.empty());
    }

    public Options withLabels(boolean labels) {
      return new Options(decode, labels, split);
    }

    public Options withSplit(String s) {
      return new Options(decode, withLabels, Optional.ofNullable(s));
    }

    public Options withDecode(DecodeOptions d) {
      return new Options(d, withLabels, split);
    }
  }

  /** The kind of input a path is. */
  public enum Kind {
    FOLDER,
    IDX_FOLDER,
    CSV,
    IDX_FILE
  }

  /**
   * Classifies {@code path}.
   *
   * @throws DataException if it does not exist or is none of the supported kinds
   */
  public static Kind kind(Path path) {
    if (!Files.exists(path)) {
      throw new DataException(path + ": does not exist");
    }
    if (Files.isDirectory(path)) {
      return IdxDataset.isIdxFolder(path) ? Kind.IDX_FOLDER : Kind.FOLDER;
    }
    String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return Kind.CSV;
    }
    if (IdxDataset.isIdxName(name)) {
      return Kind.IDX_FILE;
    }
    throw new DataException(path + ": expected a folder of images, a .csv manifest (path,label) or an IDX file (*-images-idx3-ubyte[.gz])");
  }

  /** Opens {@code path}; see {@link Kind}. */
  public static Dataset open(Path path, Options options) {
    switch (kind(path)) {
      case IDX_FOLDER:
        return IdxDataset.openFolder(path, options.split().orElse("train"), options.decode());
      case FOLDER:
        return ImageFolderDataset.open(path, options.withLabels(), options.decode());
      case CSV:
        return CsvDataset.open(path, options.split(), options.decode());
      case IDX_FILE:
        return IdxDataset.open(path, IdxDataset.labelsFor(path), options.decode());
      default:
        throw new AssertionError();
    }
  }
}
