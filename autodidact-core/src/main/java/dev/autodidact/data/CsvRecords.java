package dev.autodidact.data;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The one CSV dialect of every manifest reader, and its read loop: Apache Commons CSV, RFC 4180 (quoted
 * fields may hold commas, quotes and line breaks), fields trimmed, blank lines skipped, a UTF-8 byte
 * order mark (as Excel writes) dropped from the header. {@link CsvManifest} and finetune's
 * {@code MultiLabelCsv} read the same file, so they must agree on its rows.
 *
 * <pre>{@code
 * CsvRecords.read(csv, header -> {
 *   int col = header.indexOf("path");
 *   return (record, line) -> paths.add(CsvRecords.field(record, col));
 * });
 * }</pre>
 */
public final class CsvRecords {
  public static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).setIgnoreSurroundingSpaces(true).build();

  private CsvRecords() {}

  /** Takes each record after the header with the 1-based line it starts on (the header is line 1), for messages. */
  @FunctionalInterface
  public interface RowReader {
    void row(CSVRecord record, long line);
  }

  /**
   * Reads {@code csv}: {@code header} gets the header cells as written (byte order mark dropped) and
   * returns what takes the records.
   *
   * @return the header cells as given to {@code header}
   * @throws DataException for an empty or unreadable file or a malformed record, naming the file
   */
  public static List<String> read(Path csv, Function<List<String>, RowReader> header) {
    try (Reader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
        CSVParser parser = FORMAT.parse(in)) {
      Iterator<CSVRecord> records = parser.iterator();
      if (!records.hasNext()) {
        throw new DataException(csv + ": empty manifest (expected a header line `path,label`)");
      }
      List<String> names = new ArrayList<>();
      for (String h : records.next()) {
        names.add(h.startsWith("\uFEFF") ? h.substring(1) : h);
      }
      RowReader rows = header.apply(names);
      long end = parser.getCurrentLineNumber(); // hasNext() parses the next record, so counted before it
      while (records.hasNext()) {
        CSVRecord r = records.next();
        long after = parser.getCurrentLineNumber(); // the record's last line when a line break ends it
        long inside = r.stream().mapToLong(v -> v.chars().filter(ch -> ch == '\n').count()).sum();
        // end + 1 unless blank lines came before it; the last record may lack its line break
        rows.row(r, Math.max(end + 1, after - inside));
        end = after;
      }
      return names;
    } catch (IOException | UncheckedIOException e) {
      throw new DataException(csv + ": cannot read (" + ImageDecoder.oneLine(e) + ")", e);
    } catch (IllegalStateException e) {
      // Commons CSV reports a malformed record (an unterminated quote) this way.
      throw new DataException(csv + ": malformed CSV (" + ImageDecoder.oneLine(e) + ")", e);
    }
  }

  /** Column {@code col} of {@code r}, or empty when the column is absent ({@code -1}) or the row short. */
  public static String field(CSVRecord r, int col) {
    return col >= 0 && col < r.size() ? r.get(col) : "";
  }
}
