package dev.autodidact.data.dicom;

import com.twelvemonkeys.io.enc.DecoderStream;
import com.twelvemonkeys.io.enc.PackBitsDecoder;
import ij.io.FileInfo;
import ij.io.ImageReader;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;

/**
 * The stored sample values of frame 1, planar ({@code [samples][rows*columns]}), before masking to Bits
 * Stored: uncompressed data read by ImageJ's {@code ij.io.ImageReader}, encapsulated frames decoded by
 * the ImageIO readers on the class path (TwelveMonkeys JPEG: baseline and lossless; jai-imageio: JPEG
 * 2000) or PackBits (RLE, TwelveMonkeys' decoder).
 */
final class StoredPixels {
  private StoredPixels() {}

  /** Reads frame 1 of {@code file} as {@code h} describes it. */
  static int[] read(Path file, DicomHeader h) throws IOException {
    return switch (h.syntax().codec()) {
      case NATIVE -> nativePixels(file, h);
      case JPEG -> imageIo(Encapsulated.firstFrame(file, h.pixelDataOffset(), true), "jpeg", h);
      case JPEG_2000 -> imageIo(Encapsulated.firstFrame(file, h.pixelDataOffset(), true), "jpeg2000", h);
      case RLE -> rle(Encapsulated.firstFrame(file, h.pixelDataOffset(), false), h);
      case NONE -> throw new IllegalStateException("no codec for " + h.syntax());
    };
  }

  private static int[] nativePixels(Path file, DicomHeader h) throws IOException {
    int n = h.rows() * h.columns();
    long need = (long) n * h.samples() * (h.bitsAllocated() / 8);
    long size = Files.size(file);
    if (h.pixelDataOffset() + need > size) {
      throw new EOFException("truncated: Pixel Data needs " + need + " bytes, the file has "
          + Math.max(0, size - h.pixelDataOffset()));
    }
    FileInfo fi = new FileInfo();
    fi.width = h.columns();
    fi.height = h.rows();
    fi.offset = (int) Math.min(Integer.MAX_VALUE, h.pixelDataOffset());
    fi.longOffset = h.pixelDataOffset();
    fi.nImages = 1;
    fi.intelByteOrder = h.syntax() != TransferSyntax.EXPLICIT_BE;
    int[] out = new int[n * h.samples()];
    if (h.samples() == 1) {
      fi.fileType = h.bitsAllocated() == 16 ? FileInfo.GRAY16_UNSIGNED : FileInfo.GRAY8;
      Object px = readIj(file, fi);
      if (px instanceof short[] s) {
        for (int i = 0; i < n; i++) {
          out[i] = s[i] & 0xFFFF;
        }
      } else if (px instanceof byte[] b) {
        for (int i = 0; i < n; i++) {
          out[i] = b[i] & 0xFF;
        }
      } else {
        throw new IOException("ImageJ returned no pixels");
      }
      return out;
    }
    fi.fileType = h.planar() ? FileInfo.RGB_PLANAR : FileInfo.RGB;
    Object px = readIj(file, fi);
    if (!(px instanceof int[] rgb)) {
      throw new IOException("ImageJ returned no RGB pixels");
    }
    for (int i = 0; i < n; i++) {
      out[i] = (rgb[i] >> 16) & 0xFF;
      out[n + i] = (rgb[i] >> 8) & 0xFF;
      out[2 * n + i] = rgb[i] & 0xFF;
    }
    return out;
  }

  private static Object readIj(Path file, FileInfo fi) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      Object px = new ImageReader(fi).readPixels(in);
      if (px == null) {
        throw new EOFException("truncated Pixel Data");
      }
      return px;
    }
  }

  /** Decodes one encapsulated frame with an ImageIO reader of {@code format}. */
  private static int[] imageIo(byte[] frame, String format, DicomHeader h) throws IOException {
    Iterator<javax.imageio.ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
    javax.imageio.ImageReader reader = pick(readers, format);
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(frame))) {
      reader.setInput(in, true, true);
      BufferedImage img = reader.read(0);
      Raster r = img.getRaster();
      if (r.getWidth() != h.columns() || r.getHeight() != h.rows()) {
        throw new IOException("the " + format + " frame is " + r.getWidth() + "x" + r.getHeight() + ", the header says "
            + h.columns() + "x" + h.rows());
      }
      int bands = r.getNumBands();
      if (bands != h.samples()) {
        throw new IOException("the " + format + " frame has " + bands + " samples per pixel, the header says " + h.samples());
      }
      int n = h.rows() * h.columns();
      int[] out = new int[n * bands];
      int[] row = new int[h.columns()];
      for (int b = 0; b < bands; b++) {
        for (int y = 0; y < h.rows(); y++) {
          r.getSamples(r.getMinX(), r.getMinY() + y, h.columns(), 1, b, row);
          System.arraycopy(row, 0, out, b * n + y * h.columns(), h.columns());
        }
      }
      return out;
    } finally {
      reader.dispose();
    }
  }

  /** TwelveMonkeys' JPEG reader (it reads lossless JPEG; the JDK's does not), else the first. */
  private static javax.imageio.ImageReader pick(Iterator<javax.imageio.ImageReader> readers, String format)
      throws IOException {
    javax.imageio.ImageReader first = null;
    while (readers.hasNext()) {
      javax.imageio.ImageReader r = readers.next();
      if (r.getClass().getName().startsWith("com.twelvemonkeys")) {
        if (first != null) {
          first.dispose();
        }
        return r;
      }
      if (first == null) {
        first = r;
      } else {
        r.dispose();
      }
    }
    if (first == null) {
      throw new IOException("no " + format + " decoder on the class path");
    }
    return first;
  }

  /**
   * RLE (PS3.5 G): a header of 16 little-endian uint32 (segment count, segment offsets), one PackBits
   * segment per byte plane, most significant byte first.
   */
  private static int[] rle(byte[] frame, DicomHeader h) throws IOException {
    if (frame.length < 64) {
      throw new EOFException("truncated RLE frame");
    }
    ByteBuffer head = ByteBuffer.wrap(frame, 0, 64).order(ByteOrder.LITTLE_ENDIAN);
    int segments = head.getInt();
    int bytesPerSample = h.bitsAllocated() / 8;
    if (segments != h.samples() * bytesPerSample || segments > 15) {
      throw new IOException("RLE frame has " + segments + " segments, expected " + h.samples() * bytesPerSample);
    }
    long[] offsets = new long[segments + 1];
    for (int i = 0; i < segments; i++) {
      offsets[i] = head.getInt() & 0xFFFFFFFFL;
    }
    offsets[segments] = frame.length;
    int n = h.rows() * h.columns();
    int[] out = new int[n * h.samples()];
    byte[] plane = new byte[n];
    for (int s = 0; s < segments; s++) {
      long from = offsets[s];
      long to = offsets[s + 1];
      if (from < 64 || to > frame.length || to < from) {
        throw new IOException("RLE segment offsets out of range");
      }
      InputStream seg = new DecoderStream(new ByteArrayInputStream(frame, (int) from, (int) (to - from)), new PackBitsDecoder());
      new DataInputStream(seg).readFully(plane);
      int sample = s / bytesPerSample;
      int shift = 8 * (bytesPerSample - 1 - s % bytesPerSample);
      int base = sample * n;
      for (int i = 0; i < n; i++) {
        out[base + i] |= (plane[i] & 0xFF) << shift;
      }
    }
    return out;
  }
}
