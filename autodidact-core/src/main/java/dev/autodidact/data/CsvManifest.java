package dev.autodidact.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The rows of a CSV manifest: header {@code path,label} with an optional {@code split} column (any
 * order, extra columns ignored). Relative paths are resolved against the CSV's folder.
 *
 * @param file the CSV
 * @param rows its rows in file order
 */
public record CsvManifest(Path file, List<Row> rows) {
  /**
   * One row.
   *
   * @param line 1-based line number, for messages
   * @param path resolved image path
   * @param label label text, empty when none
   * @param split split name, empty when none
   */
  public record Row(int line, Path path, String label, String split) {}

  public CsvManifest {
    rows = List.copyOf(rows);
  }

  /**
   * Reads and checks the manifest.
   *
   * @throws DataException for a missing header, a missing {@code path} column or a malformed row
   */
  public static CsvManifest read(Path csv) {
    List<String> lines;
    try {
      lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new DataException(csv + ": cannot read (" + ImageDecoder.oneLine(e) + ")", e);
    }
    if (lines.isEmpty()) {
      throw new DataException(csv + ": empty manifest (expected a header line `path,label`)");
    }
    List<String> header = Csv.split(stripBom(lines.get(0)).toLowerCase(Locale.ROOT));
    int pathCol = header.indexOf("path");
    int labelCol = header.indexOf("label");
    int splitCol = header.indexOf("split");
    if (pathCol < 0) {
      throw new DataException(csv + ": the first line must be a header with a `path` column (e.g. `path,label`), found `" + lines.get(0) + "`");
    }
    Path base = csv.toAbsolutePath().getParent();
    List<Row> rows = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      List<String> f;
      try {
        f = Csv.split(line);
      } catch (IllegalArgumentException e) {
        throw new DataException(csv + ":" + (i + 1) + ": " + e.getMessage());
      }
      if (f.size() <= pathCol || f.get(pathCol).isEmpty()) {
        throw new DataException(csv + ":" + (i + 1) + ": no path in `" + line + "`");
      }
      rows.add(
          new Row(
              i + 1,
              base.resolve(f.get(pathCol)).normalize(),
              field(f, labelCol),
              field(f, splitCol)));
    }
    return new CsvManifest(csv, rows);
  }

  /** Rows whose split is {@code split} (all rows when empty). */
  public List<Row> rows(Optional<String> split) {
    return split.map(s -> rows.stream().filter(r -> r.split().equalsIgnoreCase(s)).toList()).orElse(rows);
  }

  private static String field(List<String> f, int col) {
    return col >= 0 && col < f.size() ? f.get(col) : "";
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }
}
