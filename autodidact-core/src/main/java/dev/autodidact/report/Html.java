package dev.autodidact.report;

import java.util.Base64;
import java.util.List;

/**
 * Builds the report page: well-formed XHTML (an XML parser reads it, which the tests rely on) with one
 * inline style sheet and images as base64 PNG data URIs, so the file is self-contained and opens
 * offline. Every text goes through {@link #esc}.
 */
final class Html {
  private static final String STYLE = String.join("\n",
      "body { font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 1100px; margin: 24px auto; padding: 0 16px; color: #222; }",
      "h1 { font-size: 26px; margin-bottom: 4px; } h2 { font-size: 20px; border-bottom: 1px solid #ccc; padding-bottom: 4px; margin-top: 32px; }",
      "p.lead { color: #555; margin-top: 0; } p.note { color: #666; font-style: italic; } p.help { color: #444; }",
      "table { border-collapse: collapse; margin: 8px 0 16px 0; font-size: 13px; }",
      "th, td { border: 1px solid #ccc; padding: 4px 8px; text-align: right; white-space: nowrap; } th { background: #f2f2f2; }",
      "td.l, th.l { text-align: left; } td.best { font-weight: bold; }",
      "img { max-width: 100%; } figure { display: inline-block; margin: 4px 12px 12px 0; vertical-align: top; }",
      "figcaption { font-size: 13px; color: #555; max-width: 520px; } nav a { margin-right: 12px; }",
      "div.warn { background: #fff3cd; border: 1px solid #e0c060; padding: 8px 12px; }");

  private final StringBuilder sb = new StringBuilder();

  /** A fragment: sections to be {@link #append appended} to a page. */
  Html() {}

  /** Appends a fragment's content. */
  Html append(Html fragment) {
    sb.append(fragment.sb);
    return this;
  }

  Html(String title) {
    sb.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"en\">\n<head>\n")
        .append("<meta charset=\"utf-8\"/>\n<title>").append(esc(title)).append("</title>\n<style>\n")
        .append(STYLE).append("\n</style>\n</head>\n<body>\n");
  }

  /** Escapes text for element content and attribute values. */
  static String esc(String s) {
    StringBuilder o = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '&' -> o.append("&amp;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&#39;");
        default -> o.append(c);
      }
    }
    return o.toString();
  }

  /** {@code <tag class="cls">text</tag>}, escaped; no class attribute when {@code cls} is null. */
  private Html element(String tag, String cls, String text) {
    sb.append('<').append(tag).append(cls == null ? "" : " class=\"" + cls + "\"").append('>').append(esc(text))
        .append("</").append(tag).append(">\n");
    return this;
  }

  Html h1(String text) {
    return element("h1", null, text);
  }

  Html lead(String text) {
    return element("p", "lead", text);
  }

  /** Opens a section; its id is what the table of contents and the tests look for. */
  Html section(String id, String title) {
    sb.append("<section id=\"").append(esc(id)).append("\">\n");
    return element("h2", null, title);
  }

  Html endSection() {
    sb.append("</section>\n");
    return this;
  }

  /** A plain-language paragraph saying how to read what follows. */
  Html help(String text) {
    return element("p", "help", text);
  }

  /** A one-line note, e.g. why a section is empty. */
  Html note(String text) {
    return element("p", "note", text);
  }

  Html warn(String text) {
    return element("div", "warn", text);
  }

  Html nav(List<String[]> idAndTitle) {
    sb.append("<nav>");
    for (String[] e : idAndTitle) {
      sb.append("<a href=\"#").append(esc(e[0])).append("\">").append(esc(e[1])).append("</a>");
    }
    sb.append("</nav>\n");
    return this;
  }

  /**
   * A table: the first column left-aligned (names), the rest right-aligned (numbers).
   *
   * @param header column titles
   * @param rows cells; a cell starting with {@code *} is shown bold (without the star)
   */
  Html table(List<String> header, List<List<String>> rows) {
    sb.append("<table>\n<tr>");
    for (int i = 0; i < header.size(); i++) {
      sb.append(i == 0 ? "<th class=\"l\">" : "<th>").append(esc(header.get(i))).append("</th>");
    }
    sb.append("</tr>\n");
    for (List<String> row : rows) {
      sb.append("<tr>");
      for (int i = 0; i < row.size(); i++) {
        String c = row.get(i);
        boolean bold = c.startsWith("*");
        String cls = (i == 0 ? "l" : "") + (bold ? (i == 0 ? " best" : "best") : "");
        sb.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">").append(esc(bold ? c.substring(1) : c))
            .append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");
    return this;
  }

  /** An inline PNG with a caption; {@code alt} says what it shows for screen readers and failed loads. */
  Html figure(byte[] png, String alt, String caption) {
    sb.append("<figure><img alt=\"").append(esc(alt)).append("\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\"/>");
    if (caption != null && !caption.isEmpty()) {
      sb.append("<figcaption>").append(esc(caption)).append("</figcaption>");
    }
    sb.append("</figure>\n");
    return this;
  }

  String finish(String footer) {
    sb.append("<footer><p class=\"note\">").append(esc(footer)).append("</p></footer>\n</body>\n</html>\n");
    return sb.toString();
  }
}
