package dev.autodidact.data.dicom;

import ij.plugin.DICOM;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The header fields that decide how a DICOM file's pixels are read and windowed, parsed by ImageJ
 * ({@code ij.plugin.DICOM}: implicit and explicit VR, little and big endian).
 *
 * <p>Privacy: ImageJ hands back the whole header as text, patient name and ID included. Only the
 * whitelisted pixel-module tags below are kept; the text is dropped and never logged, and no field of
 * this record identifies a patient.
 *
 * <p>ImageJ refuses to parse past the meta header of a compressed file. Since every encapsulated
 * syntax encodes the data set as explicit VR little endian, ImageJ is shown (in memory; the file is
 * untouched) the Transfer Syntax UID as explicit VR little endian and the data set up to the Pixel Data
 * element, which yields the header and the offset of the encapsulated Pixel Data; the real syntax is
 * kept in {@link #syntaxUid}.
 *
 * @param syntaxUid the file's Transfer Syntax UID
 * @param syntax the recognised syntax, or null when unknown
 * @param sopClassUid Media Storage SOP Class UID (DICOMDIR: 1.2.840.10008.1.3.10)
 * @param modality e.g. CR, DX, CT, MR; empty when absent
 * @param photometric MONOCHROME1, MONOCHROME2, RGB, YBR_FULL_422, PALETTE COLOR, ...
 * @param rows image height
 * @param columns image width
 * @param samples samples per pixel (1 grey, 3 colour)
 * @param bitsAllocated 8 or 16 (32 is refused)
 * @param bitsStored significant bits
 * @param signed Pixel Representation 1
 * @param planar Planar Configuration 1 (colour planes one after the other)
 * @param frames Number of Frames (1 when absent)
 * @param slope Rescale Slope (1 when absent)
 * @param intercept Rescale Intercept (0 when absent)
 * @param windowCenter first Window Center, NaN when absent
 * @param windowWidth first Window Width, NaN when absent
 * @param voiFunction VOI LUT Function (LINEAR when absent)
 * @param pixelDataOffset file offset of the Pixel Data value, -1 when there is none
 */
public record DicomHeader(String syntaxUid, TransferSyntax syntax, String sopClassUid, String modality,
    String photometric, int rows, int columns, int samples, int bitsAllocated, int bitsStored, boolean signed,
    boolean planar, int frames, double slope, double intercept, double windowCenter, double windowWidth,
    String voiFunction, long pixelDataOffset) {

  /** Media Storage SOP Class of a DICOMDIR. */
  public static final String DICOMDIR_CLASS = "1.2.840.10008.1.3.10";

  private static final Pattern LINE = Pattern.compile("^([0-9A-F]{4},[0-9A-F]{4})\\s[^:]*:\\s?(.*)$");
  private static final byte[] SYNTAX_TAG = {0x02, 0x00, 0x10, 0x00, 'U', 'I'};
  private static final int HEAD = 4096;

  /** True when {@code head} (the first 132 bytes or more) has the DICOM Part 10 preamble and magic. */
  public static boolean isDicom(byte[] head, int n) {
    return n >= 132 && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';
  }

  /**
   * Parses the header of {@code file} (a Part 10 file).
   *
   * @throws IOException when it cannot be read or ImageJ cannot parse it
   */
  static DicomHeader read(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(HEAD);
    }
    String uid = patchSyntax(head);
    Map<String, String> tags;
    try (InputStream rest = Files.newInputStream(file)) {
      InputStream in;
      if (uid == null) {
        rest.skipNBytes(head.length);
        in = new SequenceInputStream(new ByteArrayInputStream(head), rest);
      } else {
        in = new ByteArrayInputStream(encapsulatedHeader(head, rest.readAllBytes()));
      }
      String info = new DICOM(new BufferedInputStream(in)).getInfo(file.toString());
      if (info == null || info.isEmpty()) {
        throw new IOException("unreadable DICOM header");
      }
      tags = whitelisted(info);
    } catch (RuntimeException e) {
      // ImageJ signals bad headers with assorted unchecked exceptions; the message may quote header
      // text, so it is not passed on.
      throw new IOException("unreadable DICOM header (" + e.getClass().getSimpleName() + ")");
    }
    if (uid == null) {
      uid = tags.getOrDefault("0002,0010", "");
    }
    return new DicomHeader(uid, TransferSyntax.of(uid), tags.getOrDefault("0002,0002", ""),
        tags.getOrDefault("0008,0060", ""), tags.getOrDefault("0028,0004", ""),
        integer(tags, "0028,0010", 0), integer(tags, "0028,0011", 0), integer(tags, "0028,0002", 1),
        integer(tags, "0028,0100", 0), integer(tags, "0028,0101", integer(tags, "0028,0100", 0)),
        integer(tags, "0028,0103", 0) == 1, integer(tags, "0028,0006", 0) == 1, Math.max(1, integer(tags, "0028,0008", 1)),
        number(tags, "0028,1053", 1), number(tags, "0028,1052", 0), number(tags, "0028,1050", Double.NaN),
        number(tags, "0028,1051", Double.NaN), tags.getOrDefault("0028,1056", "LINEAR"),
        integer(tags, "7FE0,0010", -1));
  }

  /** The tags we use; ImageJ prefixes nested (sequence) items with '>', which the pattern skips. */
  private static final java.util.Set<String> KEPT = java.util.Set.of("0002,0002", "0002,0010", "0008,0060", "0028,0002",
      "0028,0004", "0028,0006", "0028,0008", "0028,0010", "0028,0011", "0028,0100", "0028,0101", "0028,0103",
      "0028,1050", "0028,1051", "0028,1052", "0028,1053", "0028,1056", "7FE0,0010");

  private static Map<String, String> whitelisted(String info) {
    Map<String, String> m = new HashMap<>();
    for (String line : info.split("\n")) {
      Matcher x = LINE.matcher(line);
      if (x.matches() && KEPT.contains(x.group(1))) {
        m.putIfAbsent(x.group(1), x.group(2).trim());
      }
    }
    return m;
  }

  /**
   * If the meta header names an encapsulated syntax, rewrites its value in {@code head} to explicit VR
   * little endian (NUL padded, same length) and returns the original UID; otherwise null.
   */
  private static String patchSyntax(byte[] head) {
    for (int i = 132; i + 8 <= head.length; i++) {
      if (matches(head, i)) {
        int len = (head[i + 6] & 0xFF) | (head[i + 7] & 0xFF) << 8;
        int at = i + 8;
        if (at + len > head.length) {
          return null;
        }
        String uid = new String(head, at, len, StandardCharsets.US_ASCII).replace("\0", "").trim();
        TransferSyntax t = TransferSyntax.of(uid);
        byte[] le = TransferSyntax.EXPLICIT_LE.uid().getBytes(StandardCharsets.US_ASCII);
        if (t == null || !t.encapsulated() || len < le.length) {
          return null;
        }
        java.util.Arrays.fill(head, at, at + len, (byte) 0);
        System.arraycopy(le, 0, head, at, le.length);
        return uid;
      }
    }
    return null;
  }

  /**
   * ImageJ takes an undefined-length Pixel Data element for a sequence and loses its offset, so it is
   * shown the data set up to the (last) encapsulated Pixel Data element followed by a two-byte native
   * Pixel Data element at the same position; ImageJ then reports that position's value offset, which
   * is where the item sequence starts in the file.
   */
  private static byte[] encapsulatedHeader(byte[] patchedHead, byte[] file) {
    System.arraycopy(patchedHead, 0, file, 0, Math.min(patchedHead.length, file.length));
    int at = -1;
    for (int i = file.length - 12; i >= 132 && at < 0; i--) {
      if ((file[i] & 0xFF) == 0xE0 && file[i + 1] == 0x7F && file[i + 2] == 0x10 && file[i + 3] == 0x00
          && file[i + 4] == 'O' && (file[i + 5] == 'B' || file[i + 5] == 'W') && file[i + 6] == 0 && file[i + 7] == 0
          && (file[i + 8] & file[i + 9] & file[i + 10] & file[i + 11] & 0xFF) == 0xFF) {
        at = i;
      }
    }
    if (at < 0) {
      return file; // no encapsulated Pixel Data: ImageJ reports none (or fails), and we say so
    }
    byte[] h = java.util.Arrays.copyOf(file, at + 14);
    h[at + 5] = 'W';
    h[at + 8] = 2;
    h[at + 9] = 0;
    h[at + 10] = 0;
    h[at + 11] = 0;
    h[at + 12] = 0;
    h[at + 13] = 0;
    return h;
  }

  private static boolean matches(byte[] b, int i) {
    for (int k = 0; k < SYNTAX_TAG.length; k++) {
      if (b[i + k] != SYNTAX_TAG[k]) {
        return false;
      }
    }
    return true;
  }

  private static int integer(Map<String, String> tags, String tag, int missing) {
    String v = first(tags.get(tag));
    if (v == null) {
      return missing;
    }
    try {
      return (int) Math.round(Double.parseDouble(v));
    } catch (NumberFormatException e) {
      return missing;
    }
  }

  private static double number(Map<String, String> tags, String tag, double missing) {
    String v = first(tags.get(tag));
    if (v == null) {
      return missing;
    }
    try {
      double d = Double.parseDouble(v);
      return Double.isFinite(d) ? d : missing;
    } catch (NumberFormatException e) {
      return missing;
    }
  }

  /** First value of a multi-valued element ({@code 40\400} gives {@code 40}). */
  private static String first(String v) {
    if (v == null || v.isBlank()) {
      return null;
    }
    int bs = v.indexOf('\\');
    return (bs < 0 ? v : v.substring(0, bs)).trim();
  }

  /** Whether this is a DICOMDIR (an index of other files, no image). */
  public boolean isDicomDir() {
    return DICOMDIR_CLASS.equals(sopClassUid.trim());
  }

  /** Bits per sample to report: Bits Stored. */
  public int bitDepth() {
    return bitsStored;
  }
}
