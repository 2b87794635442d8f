package dev.autodidact.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Names what a file is when no reader accepts it, so the report says "WebP is not supported" rather
 * than a bare "not an image" for formats a site is likely to have.
 */
final class UnknownFormat {
  private UnknownFormat() {}

  static String describe(Path file) {
    byte[] head = new byte[132];
    int n;
    try (InputStream in = Files.newInputStream(file)) {
      n = in.readNBytes(head, 0, head.length);
    } catch (IOException e) {
      return "cannot read (" + ImageDecoder.oneLine(e) + ")";
    }
    if (n >= 12 && startsWith(head, "RIFF") && new String(head, 8, 4, StandardCharsets.US_ASCII).equals("WEBP")) {
      return "unsupported format (WebP)";
    }
    if (n >= 4 && startsWith(head, "%PDF")) {
      return "unsupported format (PDF)";
    }
    if (n >= 8 && head[0] == (byte) 0x89 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G') {
      return "truncated or corrupt (PNG signature, unreadable header)";
    }
    if (n >= 3 && head[0] == (byte) 0xFF && head[1] == (byte) 0xD8 && head[2] == (byte) 0xFF) {
      return "truncated or corrupt (JPEG signature, unreadable header)";
    }
    if (n >= 4 && (startsWith(head, "II*\0") || startsWith(head, "MM\0*"))) {
      return "truncated or corrupt (TIFF signature, unreadable header)";
    }
    return "not an image (no decoder recognises the content)";
  }

  private static boolean startsWith(byte[] head, String magic) {
    for (int i = 0; i < magic.length(); i++) {
      if (head[i] != (byte) magic.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
