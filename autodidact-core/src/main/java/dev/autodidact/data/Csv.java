package dev.autodidact.data;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits one CSV record (RFC 4180: comma separated, double quotes around fields that contain commas or
 * quotes, {@code ""} for a quote). Multi-line quoted fields are not supported: a manifest row is one
 * line. Small enough that a CSV library dependency would not pay for itself.
 */
public final class Csv {
  private Csv() {}

  /** The fields of one CSV line, trimmed. */
  public static List<String> split(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char ch = line.charAt(i);
      if (quoted) {
        if (ch == '"') {
          if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
            f.append('"');
            i++;
          } else {
            quoted = false;
          }
        } else {
          f.append(ch);
        }
      } else if (ch == '"') {
        quoted = true;
      } else if (ch == ',') {
        out.add(f.toString().trim());
        f.setLength(0);
      } else {
        f.append(ch);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unterminated quote");
    }
    out.add(f.toString().trim());
    return out;
  }
}
