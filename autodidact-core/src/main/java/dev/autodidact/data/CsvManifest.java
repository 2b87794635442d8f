package dev.autodidact.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The rows of a CSV manifest: header {@code path,label} with an optional {@code split} column (any
 * order, any case, extra columns ignored), in the dialect of {@link CsvRecords} (RFC 4180, quoted fields
 * may hold commas, quotes and line breaks). Relative paths are resolved against the CSV's folder.
 *
 * @param file the CSV
 * @param hasLabelColumn whether the header has a {@code label} column
 * @param rows its rows in file order
 */
public record CsvManifest(Path file, boolean hasLabelColumn, List<Row> rows) {
  /**
   * One row.
   *
   * @param line 1-based line number where the record starts (the header is line 1), for messages
   * @param path resolved image path
   * @param label label text, empty when none
   * @param split split name, empty when none
   */
  public record Row(long line, Path path, String label, String split) {}

  public CsvManifest {
    rows = List.copyOf(rows);
  }

  /**
   * Reads and checks the manifest.
   *
   * @throws DataException for a missing header, a missing {@code path} column or a malformed row
   */
  public static CsvManifest read(Path csv) {
    Path base = csv.toAbsolutePath().getParent();
    List<Row> rows = new ArrayList<>();
    List<String> header = CsvRecords.read(csv, head -> {
      List<String> names = lower(head);
      int pathCol = names.indexOf("path");
      int labelCol = names.indexOf("label");
      int splitCol = names.indexOf("split");
      if (pathCol < 0) {
        throw new DataException(csv + ": the first line must be a header with a `path` column (e.g. `path,label`), found `"
            + String.join(",", head) + "`");
      }
      return (r, line) -> {
        if (r.size() <= pathCol || r.get(pathCol).isEmpty()) {
          throw new DataException(csv + ":" + line + ": no path in `" + String.join(",", r.toList()) + "`");
        }
        rows.add(new Row(line, base.resolve(r.get(pathCol)).normalize(), CsvRecords.field(r, labelCol),
            CsvRecords.field(r, splitCol)));
      };
    });
    return new CsvManifest(csv, lower(header).contains("label"), rows);
  }

  private static List<String> lower(List<String> header) {
    return header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
  }

  /** Rows whose split {@code split} accepts. */
  public List<Row> rows(Split split) {
    return rows.stream().filter(r -> split.accepts(r.split())).toList();
  }
}
