package dev.autodidact.data.dicom;

import dev.autodidact.data.BadImageException;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.ImageInfo;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * Decodes DICOM Part 10 files (frame 1) into [0, 1] float images: header by ImageJ ({@link DicomHeader}),
 * pixels by ImageJ or the ImageIO codecs ({@link StoredPixels}), then Bits Stored masking and sign,
 * Rescale Slope/Intercept, the window ({@link DicomWindow}) and MONOCHROME1 inversion.
 *
 * <p>Every refusal is a {@link BadImageException} whose reason names the problem (transfer syntax,
 * no Pixel Data, DICOMDIR, truncated, ...) and never a header value that could identify a patient.
 *
 * <p>Usage: {@code ImageInfo info = DicomReader.decode(path, DecodeOptions.of(1), image);}
 */
public final class DicomReader {
  private static final Set<String> GREY = Set.of("MONOCHROME1", "MONOCHROME2");
  private static final Set<String> COLOUR = Set.of("RGB", "YBR_FULL", "YBR_FULL_422", "YBR_ICT", "YBR_RCT");

  private DicomReader() {}

  /** Reads the header only and checks that the file can be decoded. */
  public static ImageInfo probe(Path file, DecodeOptions options) throws BadImageException {
    return info(check(file, header(file), options));
  }

  /**
   * Decodes frame 1 of {@code file} into {@code into} with the file's own channel count (1 or 3); the
   * caller converts to the recipe's.
   */
  public static ImageInfo decode(Path file, DecodeOptions options, FloatImage into) throws BadImageException {
    DicomHeader h = check(file, header(file), options);
    int[] raw;
    try {
      raw = StoredPixels.read(file, h);
    } catch (EOFException e) {
      throw bad(file, e.getMessage() != null && e.getMessage().startsWith("truncated") ? e.getMessage()
          : "truncated (" + e.getMessage() + ")");
    } catch (IOException | RuntimeException e) {
      throw bad(file, "cannot decode " + h.syntax().label() + " pixel data (" + ImageDecoder.oneLine(e) + ")");
    }
    into.reshape(h.samples(), h.rows(), h.columns());
    if (h.samples() == 1) {
      DicomWindow.grey(raw, h, options.window(), into.data());
    } else {
      DicomWindow.colour(raw, h, options.window(), into.data());
    }
    return info(h);
  }

  private static DicomHeader header(Path file) throws BadImageException {
    try {
      return DicomHeader.read(file);
    } catch (EOFException e) {
      throw bad(file, "truncated DICOM header");
    } catch (IOException e) {
      throw bad(file, ImageDecoder.oneLine(e));
    }
  }

  private static DicomHeader check(Path file, DicomHeader h, DecodeOptions options) throws BadImageException {
    if (h.isDicomDir()) {
      throw bad(file, "DICOMDIR (an index of DICOM files, not an image)");
    }
    if (h.pixelDataOffset() < 0) {
      throw bad(file, "DICOM without Pixel Data (a report, presentation state or other non-image object)");
    }
    if (h.syntax() == null) {
      throw bad(file, "unsupported DICOM transfer syntax " + (h.syntaxUid().isEmpty() ? "(none given)" : h.syntaxUid()));
    }
    if (h.syntax().codec() == TransferSyntax.Codec.NONE) {
      throw bad(file, "unsupported DICOM transfer syntax: " + h.syntax().describe() + "; no decoder for it here");
    }
    if (h.syntax() == TransferSyntax.JPEG_EXTENDED && h.bitsStored() > 8) {
      throw bad(file, "unsupported DICOM transfer syntax: " + h.syntax().describe() + " with " + h.bitsStored()
          + "-bit samples; no 12-bit lossy JPEG decoder here");
    }
    if (h.rows() <= 0 || h.columns() <= 0) {
      throw bad(file, "corrupt DICOM header (size " + h.columns() + "x" + h.rows() + ")");
    }
    if (h.bitsAllocated() != 8 && h.bitsAllocated() != 16) {
      throw bad(file, "unsupported DICOM Bits Allocated " + h.bitsAllocated() + " (8 and 16 are read)");
    }
    if (h.bitsStored() < 1 || h.bitsStored() > h.bitsAllocated()) {
      throw bad(file, "corrupt DICOM header (Bits Stored " + h.bitsStored() + ", Bits Allocated " + h.bitsAllocated() + ")");
    }
    String pi = h.photometric().trim().toUpperCase(Locale.ROOT);
    boolean grey = h.samples() == 1 && GREY.contains(pi);
    boolean colour = h.samples() == 3 && COLOUR.contains(pi) && h.bitsAllocated() == 8
        && (pi.equals("RGB") || h.syntax().encapsulated());
    if (!grey && !colour) {
      throw bad(file, "unsupported DICOM photometric interpretation " + (pi.isEmpty() ? "(none)" : pi) + " with "
          + h.samples() + " sample(s) of " + h.bitsAllocated() + " bits");
    }
    long pixels = (long) h.rows() * h.columns();
    if (pixels > options.maxPixels()) {
      throw bad(file, String.format(Locale.ROOT, "%dx%d = %.1f megapixels is over the limit of %.1f megapixels",
          h.columns(), h.rows(), pixels / 1e6, options.maxPixels() / 1e6));
    }
    return h;
  }

  private static ImageInfo info(DicomHeader h) {
    String pi = h.photometric().trim().toUpperCase(Locale.ROOT);
    return new ImageInfo("dicom", h.columns(), h.rows(), h.bitsStored(), h.samples(),
        new ImageInfo.Dicom(h.syntax().label(), h.modality().isBlank() ? "?" : h.modality().trim(), pi,
            h.bitsStored(), h.signed(), h.frames()));
  }

  private static BadImageException bad(Path file, String reason) {
    return new BadImageException(file.toString(), reason);
  }
}
