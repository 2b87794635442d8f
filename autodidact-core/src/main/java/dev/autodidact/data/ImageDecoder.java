package dev.autodidact.data;

import dev.autodidact.data.dicom.DicomHeader;
import dev.autodidact.data.dicom.DicomReader;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Iterator;
import java.util.Locale;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageReaderWriterSpi;
import javax.imageio.spi.ImageWriterSpi;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;

/**
 * Reads image files through ImageIO with the TwelveMonkeys plugins (TIFF incl. 16-bit and multi-page,
 * JPEG incl. CMYK/YCCK, BMP, PNM; PNG from the JDK), and DICOM through {@link DicomReader}, into
 * {@link FloatImage}s.
 *
 * <p>The header is read first and images over {@link DecodeOptions#maxPixels()} are refused before any
 * pixel is decoded. Every failure becomes a {@link BadImageException} with a short reason; nothing
 * escapes as a stack trace. The format is detected from the content, not the extension, so a PNG named
 * {@code .jpg} is read correctly. Only the first page of a multi-page file is read.
 *
 * <p>Not thread-safe (it owns conversion scratch arrays): one decoder per thread.
 */
public final class ImageDecoder {
  static {
    // Registers the TwelveMonkeys plugins even when the service loader ran before they were on the
    // class path (e.g. in an application server); cheap and idempotent.
    ImageIO.scanForPlugins();
    ImageIO.setUseCache(false);
    ownPluginsFirst();
  }

  /**
   * jai-imageio-core (on the class path for JPEG 2000 in DICOM) also registers TIFF, BMP, PNM, ...
   * readers and writers; ordered behind the TwelveMonkeys and JDK plugins of the same format, so that
   * {@code ImageIO.read} (ours and a host application's) keeps choosing the plugins it chose before.
   */
  private static void ownPluginsFirst() {
    IIORegistry reg = IIORegistry.getDefaultInstance();
    order(reg, ImageReaderSpi.class);
    order(reg, ImageWriterSpi.class);
  }

  private static <T extends ImageReaderWriterSpi> void order(IIORegistry reg, Class<T> category) {
    List<T> all = new ArrayList<>();
    reg.getServiceProviders(category, false).forEachRemaining(all::add);
    for (T jai : all) {
      if (!jai.getClass().getName().startsWith("com.github.jaiimageio.impl.")) {
        continue;
      }
      Set<String> formats = lower(jai.getFormatNames());
      for (T other : all) {
        if (other != jai && !other.getClass().getName().startsWith("com.github.jaiimageio.")
            && !java.util.Collections.disjoint(formats, lower(other.getFormatNames()))) {
          reg.unsetOrdering(category, jai, other);
          reg.setOrdering(category, other, jai);
        }
      }
    }
  }

  private static Set<String> lower(String[] names) {
    Set<String> out = new java.util.HashSet<>();
    for (String n : names) {
      out.add(n.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  private final DecodeOptions options;
  private final RasterConverter converter = new RasterConverter();

  public ImageDecoder(DecodeOptions options) {
    this.options = options;
  }

  public DecodeOptions options() {
    return options;
  }

  /** Reads only the header: format, size, bit depth, channels. */
  public ImageInfo probe(Path file) throws BadImageException {
    return read(file, null);
  }

  /** Decodes the first image of {@code file} into {@code into}; returns its header. */
  public ImageInfo decode(Path file, FloatImage into) throws BadImageException {
    return read(file, into);
  }

  /** Converts an already decoded image (e.g. from an embedding API caller). */
  public void convert(BufferedImage image, FloatImage into) {
    converter.convert(image, options.channels(), options.window(), into);
  }

  private ImageInfo read(Path file, FloatImage into) throws BadImageException {
    String name = file.toString();
    checkFile(file, name);
    if (isDicom(file)) {
      if (into == null) {
        return DicomReader.probe(file, options);
      }
      ImageInfo info = DicomReader.decode(file, options, into);
      RasterConverter.toChannels(into, options.channels());
      return info;
    }
    ImageInputStream in;
    try {
      in = new FileImageInputStream(file.toFile());
    } catch (FileNotFoundException e) {
      // RandomAccessFile reports permission problems as FileNotFoundException.
      throw new BadImageException(name, Files.exists(file) ? "permission denied" : "file not found");
    } catch (IOException e) {
      throw new BadImageException(name, "cannot open: " + oneLine(e));
    }
    ImageReader reader = null;
    try (in) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new BadImageException(name, UnknownFormat.describe(file));
      }
      reader = preferred(readers);
      reader.setInput(in, true, true);
      String format = formatName(reader);
      int width = reader.getWidth(0);
      int height = reader.getHeight(0);
      long pixels = (long) width * height;
      if (width <= 0 || height <= 0) {
        throw new BadImageException(name, "corrupt header (size " + width + "x" + height + ")");
      }
      if (pixels > options.maxPixels()) {
        throw new BadImageException(
            name,
            String.format(
                Locale.ROOT,
                "%dx%d = %.1f megapixels is over the limit of %.1f megapixels",
                width,
                height,
                pixels / 1e6,
                options.maxPixels() / 1e6));
      }
      ImageTypeSpecifier type = firstType(reader);
      int bits = type == null ? 8 : type.getColorModel().getComponentSize(0);
      int channels = type == null ? 0 : type.getColorModel().getNumColorComponents();
      if (into == null) {
        return new ImageInfo(format, width, height, bits, channels);
      }
      Truncation truncation = new Truncation();
      reader.addIIOReadWarningListener(truncation);
      BufferedImage image = reader.read(0, reader.getDefaultReadParam());
      if (truncation.warning != null) {
        throw new BadImageException(name, "truncated or corrupt (" + truncation.warning + ")");
      }
      ColorModel cm = image.getColorModel();
      converter.convert(image, options.channels(), options.window(), into);
      return new ImageInfo(
          format, width, height, cm.getComponentSize(0), cm.getNumColorComponents());
    } catch (BadImageException e) {
      throw e;
    } catch (IIOException | java.io.EOFException e) {
      throw new BadImageException(name, "truncated or corrupt (" + oneLine(e) + ")");
    } catch (IOException | RuntimeException e) {
      // Plugins signal corrupt data with all sorts of unchecked exceptions (array bounds, illegal
      // argument, ...): all of them mean "this file is bad", not "the program is broken".
      throw new BadImageException(name, "cannot decode (" + oneLine(e) + ")");
    } finally {
      if (reader != null) {
        reader.dispose();
      }
    }
  }

  private static void checkFile(Path file, String name) throws BadImageException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new BadImageException(name, "file not found");
    } catch (AccessDeniedException e) {
      throw new BadImageException(name, "permission denied");
    } catch (IOException e) {
      throw new BadImageException(name, "cannot read attributes: " + oneLine(e));
    }
    if (attrs.isDirectory()) {
      throw new BadImageException(name, "is a directory");
    }
    if (attrs.size() == 0) {
      throw new BadImageException(name, "empty file (0 bytes)");
    }
    if (!Files.isReadable(file)) {
      throw new BadImageException(name, "permission denied");
    }
  }

  /**
   * TwelveMonkeys' reader, else the JDK's, else any: jai-imageio (on the class path for JPEG 2000 in
   * DICOM) also registers TIFF, BMP and PNM readers, which must not replace the ones we test against.
   */
  static ImageReader preferred(Iterator<ImageReader> readers) {
    ImageReader best = null;
    int bestRank = Integer.MAX_VALUE;
    while (readers.hasNext()) {
      ImageReader r = readers.next();
      String c = r.getClass().getName();
      int rank = c.startsWith("com.twelvemonkeys.") ? 0 : c.startsWith("com.sun.") ? 1 : 2;
      if (rank < bestRank) {
        if (best != null) {
          best.dispose();
        }
        best = r;
        bestRank = rank;
      } else {
        r.dispose();
      }
    }
    return best;
  }

  /** DICOM Part 10: 128-byte preamble, then {@code DICM}. */
  private static boolean isDicom(Path file) {
    byte[] head = new byte[132];
    try (java.io.InputStream in = Files.newInputStream(file)) {
      return DicomHeader.isDicom(head, in.readNBytes(head, 0, head.length));
    } catch (IOException e) {
      return false;
    }
  }

  private static ImageTypeSpecifier firstType(ImageReader reader) {
    try {
      Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
      return types != null && types.hasNext() ? types.next() : reader.getRawImageType(0);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static String formatName(ImageReader reader) throws IOException {
    String f = reader.getFormatName().toLowerCase(Locale.ROOT);
    switch (f) {
      case "jpg":
        return "jpeg";
      case "tif":
        return "tiff";
      case "pgm":
      case "ppm":
      case "pbm":
      case "pam":
        return "pnm";
      default:
        return f;
    }
  }

  /** An exception's message on one line of at most 160 characters, for per-file reasons. */
  public static String oneLine(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isBlank()) {
      m = e.getClass().getSimpleName();
    }
    m = m.replaceAll("\\s+", " ").trim();
    return m.length() > 160 ? m.substring(0, 157) + "..." : m;
  }

  /** JPEG decoders report a premature end as a warning and fill the rest grey; we call that bad. */
  private static final class Truncation implements IIOReadWarningListener {
    String warning;

    @Override
    public void warningOccurred(ImageReader source, String warning) {
      String w = warning.toLowerCase(Locale.ROOT);
      if (this.warning == null && (w.contains("premature") || w.contains("truncat") || w.contains("corrupt"))) {
        this.warning = warning;
      }
    }
  }
}
