package dev.autodidact.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
   * @param split for CSV: the rows to keep ({@link Split}); for IDX folders: {@link Split#idxPart()}
   */
  public record Options(DecodeOptions decode, boolean withLabels, Split split) {
    public Options {
      java.util.Objects.requireNonNull(decode, "decode");
      split = split == null ? Split.all() : split;
    }

    /** Default decoding to {@code channels}, no labels from folders, every row. */
    public static Options of(int channels) {
      return new Options(DecodeOptions.of(channels), false, Split.all());
    }

    public Options withLabels(boolean labels) {
      return new Options(decode, labels, split);
    }

    /** {@code null} keeps every row; otherwise {@link Split#parse}. */
    public Options withSplit(String s) {
      return new Options(decode, withLabels, s == null ? Split.all() : Split.parse(s));
    }

    public Options withSplit(Split s) {
      return new Options(decode, withLabels, s);
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

  /**
   * The rows of {@code split}, unlabelled ones included (pretraining, embedding).
   *
   * <p>Usage: {@code Dataset d = Datasets.open(Path.of("manifest.csv"), Split.pretraining(), DecodeOptions.of(1));}
   */
  public static Dataset open(Path path, Split split, DecodeOptions decode) {
    return open(path, new Options(decode, false, split));
  }

  /**
   * The rows of {@code split} for a task that needs labels (fine-tuning, evaluation): folders take
   * their first-level subfolder as the label.
   *
   * @throws DataException naming the label column (or the folder layout) when no selected row has a label
   */
  public static Dataset openLabelled(Path path, Split split, DecodeOptions decode) {
    Dataset d = open(path, new Options(decode, true, split));
    boolean any = false;
    for (int i = 0; i < d.size() && !any; i++) {
      any = d.label(i) != Dataset.NO_LABEL;
    }
    if (!any) {
      String where = switch (kind(path)) {
        case CSV -> "column `label` is blank in every row of split " + split;
        case FOLDER -> "no labels: put the images in one subfolder per class (data/normal/..., data/pneumonia/...)";
        default -> "no labels (the IDX labels file is missing)";
      };
      throw new DataException(path + ": " + where + "; this command needs labels");
    }
    return d;
  }

  /** Opens {@code path}; see {@link Kind}. */
  public static Dataset open(Path path, Options options) {
    switch (kind(path)) {
      case IDX_FOLDER:
        return IdxDataset.openFolder(path, options.split().idxPart(), options.decode());
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
