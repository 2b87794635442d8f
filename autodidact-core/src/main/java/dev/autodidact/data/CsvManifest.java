package dev.autodidact.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Iterator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The rows of a CSV manifest: header {@code path,label} with an optional {@code split} column (any
 * order, any case, extra columns ignored), parsed by Apache Commons CSV (RFC 4180, quoted fields may
 * hold commas, quotes and line breaks). Relative paths are resolved against the CSV's folder.
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

  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).setIgnoreSurroundingSpaces(true).build();

  /**
   * Reads and checks the manifest.
   *
   * @throws DataException for a missing header, a missing {@code path} column or a malformed row
   */
  public static CsvManifest read(Path csv) {
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser = FORMAT.parse(in)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new DataException(csv + ": empty manifest (expected a header line `path,label`)");
      }
      CSVRecord head = records.next();
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
      while (records.hasNext()) {
        long before = parser.getCurrentLineNumber();
        CSVRecord r = records.next();
        long line = before + 1;
        if (r.size() <= pathCol || r.get(pathCol).isEmpty()) {
          throw new DataException(csv + ":" + line + ": no path in `" + String.join(",", r.toList()) + "`");
        }
        rows.add(new Row(line, base.resolve(r.get(pathCol)).normalize(), field(r, labelCol), field(r, splitCol)));
      }
      return new CsvManifest(csv, labelCol >= 0, rows);
    } catch (IOException | UncheckedIOException e) {
      throw new DataException(csv + ": cannot read (" + ImageDecoder.oneLine(e) + ")", e);
    } catch (IllegalStateException e) {
      // Commons CSV reports a malformed record (an unterminated quote) this way.
      throw new DataException(csv + ": malformed CSV (" + ImageDecoder.oneLine(e) + ")", e);
    }
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
