package dev.autodidact.data;

import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/** Small images with known pixels, written in the tests' temporary folders. */
public final class Fixtures {
  private Fixtures() {}

  /** The bundled Fashion-MNIST sample. */
  public static final Path FASHION = Path.of("testdata", "fashion-mnist-sample");

  /** The bundled medical-like files. */
  public static final Path MEDICAL = Path.of("testdata", "medical-like");

  /** 16-bit grey with value {@code (x * 997 + y * 131) % 65536}: uses all 16 bits. */
  public static BufferedImage gray16(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.setSample(x, y, 0, value16(x, y));
      }
    }
    return img;
  }

  public static int value16(int x, int y) {
    return (x * 997 + y * 131) % 65536;
  }

  /** 8-bit grey with value {@code (x * 7 + y * 3) % 256}. */
  public static BufferedImage gray8(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.setSample(x, y, 0, value8(x, y));
      }
    }
    return img;
  }

  public static int value8(int x, int y) {
    return (x * 7 + y * 3) % 256;
  }

  /** RGB with R = 8x, G = 8y, B = 128 (clipped to 255). */
  public static BufferedImage rgb(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = Math.min(255, 8 * x);
        int g = Math.min(255, 8 * y);
        img.setRGB(x, y, (r << 16) | (g << 8) | 128);
      }
    }
    return img;
  }

  /** Writes with ImageIO; fails the test if there is no writer. */
  public static Path write(BufferedImage img, String format, Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no ImageIO writer for " + format + " / " + img.getType());
    }
    return file;
  }

  /** A multi-page TIFF. */
  public static Path writeTiffPages(Path file, BufferedImage... pages) throws IOException {
    ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream os = ImageIO.createImageOutputStream(file.toFile())) {
      w.setOutput(os);
      w.prepareWriteSequence(null);
      for (BufferedImage p : pages) {
        w.writeToSequence(new IIOImage(p, null, null), null);
      }
      w.endWriteSequence();
    } finally {
      w.dispose();
    }
    return file;
  }

  /** A folder of {@code n} small PNGs per class, for loader tests. */
  public static Path classFolder(Path root, int classes, int perClass, int size) throws IOException {
    for (int c = 0; c < classes; c++) {
      for (int i = 0; i < perClass; i++) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = img.getRaster();
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            r.setSample(x, y, 0, (x * (c + 1) * 9 + y * (i + 1) * 5) % 256);
          }
        }
        write(img, "png", root.resolve("class" + c).resolve(String.format("img%03d.png", i)));
      }
    }
    return root;
  }
}
