package dev.autodidact.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of a CSV manifest: header {@code path,label} with an optional {@code split} column (any
 * order, any case, extra columns ignored), read by {@link CsvRecords} (RFC 4180: quoted fields may hold
 * commas, quotes and line breaks). Relative paths are resolved against the CSV's folder. Messages about
 * a row name it as {@code file:LINE}, 1-based with the header as line 1.
 *
 * @param file the CSV
 * @param hasLabelColumn whether the header has a {@code label} column
 * @param rows its rows in file order
 */
public record CsvManifest(Path file, boolean hasLabelColumn, List<Row> rows) {
  /**
   * One row.
   *
   * @param line 1-based line number where the record starts, for messages
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
   * @throws DataException for a missing header, a missing {@code path} column or a malformed row (named
   *     {@code file:LINE}, 1-based with the header as line 1)
   */
  public static CsvManifest read(Path csv) {
    List<CsvRecords.Line> records = CsvRecords.read(csv);
    if (records.isEmpty()) {
      throw new DataException(csv + ": empty manifest (expected a header line `path,label`)");
    }
    CSVRecord head = records.get(0).record();
    List<String> header = new ArrayList<>();
    for (String h : head) {
      header.add(stripBom(h).trim().toLowerCase(Locale.ROOT));
    }
    int pathCol = header.indexOf("path");
    int labelCol = header.indexOf("label");
    int splitCol = header.indexOf("split");
    if (pathCol < 0) {
      throw new DataException(csv + ": the first line must be a header with a `path` column (e.g. `path,label`), found `"
          + String.join(",", head.toList()) + "`");
    }
    Path base = csv.toAbsolutePath().getParent();
    List<Row> rows = new ArrayList<>();
    for (CsvRecords.Line l : records.subList(1, records.size())) {
      CSVRecord r = l.record();
      if (r.size() <= pathCol || r.get(pathCol).isEmpty()) {
        throw new DataException(csv + ":" + l.line() + ": no path in `" + String.join(",", r.toList()) + "`");
      }
      rows.add(new Row(l.line(), base.resolve(r.get(pathCol)).normalize(), field(r, labelCol), field(r, splitCol)));
    }
    return new CsvManifest(csv, labelCol >= 0, rows);
  }

  /** Rows whose split {@code split} accepts. */
  public List<Row> rows(Split split) {
    return rows.stream().filter(r -> split.accepts(r.split())).toList();
  }


  private static String field(CSVRecord r, int col) {
    return col >= 0 && col < r.size() ? r.get(col) : "";
  }

  private static String stripBom(String s) {
    return s.startsWith("\uFEFF") ? s.substring(1) : s;
  }
}
