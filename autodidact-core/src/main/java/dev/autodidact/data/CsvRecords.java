package dev.autodidact.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The records of a CSV manifest with the line each starts on, for messages that point at a row.
 *
 * <p>Lines are 1-based and count every line of the file: the header is line 1, a quoted field holding a
 * line break makes its record span two lines, blank lines count. The parser's own line counter cannot
 * say this (its iterator reads one record ahead), so the line comes from where the record starts in
 * the text.
 *
 * <p>Format (one for every reader of manifests): RFC 4180 by Apache Commons CSV — quoted fields may hold
 * commas, quotes and line breaks — with fields trimmed and blank lines skipped.
 */
public final class CsvRecords {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).setTrim(true).setIgnoreSurroundingSpaces(true).build();

  private CsvRecords() {}

  /**
   * One record.
   *
   * @param line the 1-based line it starts on (the header is line 1)
   */
  public record Line(long line, CSVRecord record) {}

  /**
   * Every record of {@code csv}, the header first.
   *
   * @throws DataException naming the file when it cannot be read or is not well-formed CSV
   */
  public static List<Line> read(Path csv) {
    String text;
    try {
      text = Files.readString(csv);
    } catch (IOException | UncheckedIOException e) {
      throw new DataException(csv + ": cannot read (" + ImageDecoder.oneLine(e) + ")", e);
    }
    List<Line> out = new ArrayList<>();
    int cursor = 0;
    long line = 1;
    try (CSVParser parser = CSVParser.parse(text, FORMAT)) {
      for (CSVRecord r : parser) {
        int start = (int) r.getCharacterPosition();
        // The position is where the parser began looking: skipped blank lines come before the record.
        while (start < text.length() && (text.charAt(start) == '\n' || text.charAt(start) == '\r')) {
          start++;
        }
        for (; cursor < start; cursor++) {
          char c = text.charAt(cursor);
          if (c == '\n' || (c == '\r' && (cursor + 1 >= text.length() || text.charAt(cursor + 1) != '\n'))) {
            line++;
          }
        }
        out.add(new Line(line, r));
      }
    } catch (IOException | UncheckedIOException | IllegalStateException e) {
      // Commons CSV reports a malformed record (an unterminated quote) this way.
      throw new DataException(csv + ": malformed CSV (" + ImageDecoder.oneLine(e) + ")", e);
    }
    return out;
  }
}
