package dev.autodidact.data.dicom;

import java.util.Locale;

/**
 * The transfer syntaxes we recognise, and who decodes each. Uncompressed ones are read by ImageJ;
 * encapsulated JPEG by TwelveMonkeys (baseline and lossless), JPEG 2000 by jai-imageio-jpeg2000, RLE by
 * TwelveMonkeys' PackBits decoder. Everything else is refused with its name.
 */
public enum TransferSyntax {
  IMPLICIT_LE("1.2.840.10008.1.2", "implicit VR little endian", Codec.NATIVE),
  EXPLICIT_LE("1.2.840.10008.1.2.1", "explicit VR little endian", Codec.NATIVE),
  DEFLATED_LE("1.2.840.10008.1.2.1.99", "deflated explicit VR little endian", Codec.NONE),
  EXPLICIT_BE("1.2.840.10008.1.2.2", "explicit VR big endian", Codec.NATIVE),
  JPEG_BASELINE("1.2.840.10008.1.2.4.50", "JPEG baseline", Codec.JPEG),
  JPEG_EXTENDED("1.2.840.10008.1.2.4.51", "JPEG extended (12-bit lossy)", Codec.JPEG),
  JPEG_LOSSLESS("1.2.840.10008.1.2.4.57", "JPEG lossless", Codec.JPEG),
  JPEG_LOSSLESS_SV1("1.2.840.10008.1.2.4.70", "JPEG lossless SV1", Codec.JPEG),
  JPEG_LS_LOSSLESS("1.2.840.10008.1.2.4.80", "JPEG-LS lossless", Codec.NONE),
  JPEG_LS_NEAR("1.2.840.10008.1.2.4.81", "JPEG-LS near-lossless", Codec.NONE),
  JPEG_2000_LOSSLESS("1.2.840.10008.1.2.4.90", "JPEG 2000 lossless", Codec.JPEG_2000),
  JPEG_2000("1.2.840.10008.1.2.4.91", "JPEG 2000", Codec.JPEG_2000),
  RLE("1.2.840.10008.1.2.5", "RLE lossless", Codec.RLE);

  /** How the pixel data of a syntax is decoded. */
  public enum Codec {
    /** Uncompressed, read by ImageJ. */
    NATIVE,
    /** Encapsulated JPEG frames, read by ImageIO (TwelveMonkeys). */
    JPEG,
    /** Encapsulated JPEG 2000 codestreams, read by ImageIO (jai-imageio-jpeg2000). */
    JPEG_2000,
    /** Encapsulated RLE segments, PackBits-decoded. */
    RLE,
    /** Nobody here decodes it. */
    NONE
  }

  private final String uid;
  private final String label;
  private final Codec codec;

  TransferSyntax(String uid, String label, Codec codec) {
    this.uid = uid;
    this.label = label;
    this.codec = codec;
  }

  public String uid() {
    return uid;
  }

  /** A short human name ({@code JPEG lossless}). */
  public String label() {
    return label;
  }

  public Codec codec() {
    return codec;
  }

  /** Whether the pixel data is encapsulated (fragments in items) rather than native. */
  public boolean encapsulated() {
    return codec != Codec.NATIVE && this != DEFLATED_LE;
  }

  /** The syntax with this UID, or null. */
  public static TransferSyntax of(String uid) {
    String u = uid == null ? "" : uid.trim();
    for (TransferSyntax t : values()) {
      if (t.uid.equals(u)) {
        return t;
      }
    }
    return null;
  }

  /** For reports: {@code JPEG lossless (1.2.840.10008.1.2.4.70)}. */
  public String describe() {
    return label + " (" + uid + ")";
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
