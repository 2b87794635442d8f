package dev.autodidact.finetune;

import dev.autodidact.UserInputException;
import dev.autodidact.data.CsvDataset;
import dev.autodidact.data.CsvRecords;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Split;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Multi-label targets from a CSV manifest with one column per finding ({@code path,Atelectasis,Edema,…}),
 * CheXpert style: {@code 1} positive, {@code 0} negative, {@code -1} uncertain (handled by
 * {@link Uncertain}), blank = not mentioned (handled by {@link Blank}). The images are the manifest's
 * rows in order, opened as a {@link CsvDataset} (same rows, same order, same {@code split} filter).
 */
public final class MultiLabelCsv {
  private MultiLabelCsv() {}

  /** What an uncertain ({@code -1}) value becomes: ignored (not in the loss), positive or negative. */
  public enum Uncertain {
    IGNORE,
    ONES,
    ZEROS
  }

  /** What a blank value becomes: negative (not mentioned = absent, the CheXpert labeler's reading) or ignored. */
  public enum Blank {
    ZEROS,
    IGNORE
  }

  /** The images and their targets. */
  public record Result(CsvDataset dataset, Targets targets) {}

  /** Reads {@code csv}'s {@code columns}; the message of a bad value names the file, line and column. */
  public static Result open(Path csv, List<String> columns, Uncertain uncertain, Blank blank, Split split,
      DecodeOptions decode) {
    if (columns.isEmpty()) {
      throw new UserInputException("--label-columns: give at least one column");
    }
    CsvDataset ds = CsvDataset.open(csv, split, decode);
    int k = columns.size();
    List<float[]> values = new ArrayList<>();
    List<float[]> counted = new ArrayList<>();
    // The same reader and dialect as CsvDataset's manifest, so both see the same rows.
    CsvRecords.read(csv, header -> {
      int[] col = new int[k];
      int splitCol = indexOf(header, "split");
      for (int j = 0; j < k; j++) {
        col[j] = header.indexOf(columns.get(j));
        if (col[j] < 0) {
          throw new UserInputException(csv + ": no column `" + columns.get(j) + "` (columns: " + String.join(", ", header)
              + ")");
        }
      }
      return (r, line) -> {
        // The same rows as CsvDataset: those whose split value the split accepts.
        if (!split.accepts(CsvRecords.field(r, splitCol))) {
          return;
        }
        float[] v = new float[k];
        float[] c = new float[k];
        for (int j = 0; j < k; j++) {
          parse(CsvRecords.field(r, col[j]), uncertain, blank, v, c, j, csv, line, columns.get(j));
        }
        values.add(v);
        counted.add(c);
      };
    });
    if (values.size() != ds.size()) {
      throw new UserInputException(csv + ": " + values.size() + " label rows but " + ds.size() + " images");
    }
    float[] v = new float[values.size() * k];
    float[] c = new float[values.size() * k];
    for (int i = 0; i < values.size(); i++) {
      System.arraycopy(values.get(i), 0, v, i * k, k);
      System.arraycopy(counted.get(i), 0, c, i * k, k);
    }
    return new Result(ds, new Targets(columns, true, null, v, c));
  }

  /** One cell into value/counted at column {@code j}. */
  static void parse(String s, Uncertain uncertain, Blank blank, float[] v, float[] c, int j, Path csv, long line,
      String column) {
    switch (s) {
      case "" -> {
        v[j] = 0;
        c[j] = blank == Blank.ZEROS ? 1 : 0;
      }
      case "1", "1.0" -> {
        v[j] = 1;
        c[j] = 1;
      }
      case "0", "0.0" -> {
        v[j] = 0;
        c[j] = 1;
      }
      case "-1", "-1.0" -> {
        v[j] = uncertain == Uncertain.ONES ? 1 : 0;
        c[j] = uncertain == Uncertain.IGNORE ? 0 : 1;
      }
      default -> throw new UserInputException(csv + ":" + line + ": column `" + column + "` must be 1, 0, -1 or blank, got `"
          + s + "`");
    }
  }

  private static int indexOf(List<String> header, String name) {
    for (int i = 0; i < header.size(); i++) {
      if (header.get(i).toLowerCase(Locale.ROOT).equals(name)) {
        return i;
      }
    }
    return -1;
  }

}
