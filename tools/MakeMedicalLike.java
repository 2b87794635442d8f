import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Writes the synthetic "medical-like" fixtures in testdata/medical-like/: small chest-X-ray-like
 * grayscale images (a bright body ellipse with two darker lung fields, ribs and a burned-in marker) as
 * 8- and 16-bit PNG and TIFF, a 12-bit-in-16 TIFF (for percentile windowing) and a two-page 16-bit TIFF.
 * Deterministic (no randomness), JDK only (the JDK has PNG and TIFF writers):
 *
 * <pre>java tools/MakeMedicalLike.java testdata/medical-like</pre>
 */
public final class MakeMedicalLike {
  static final int W = 64;
  static final int H = 80;

  /** Intensity in [0, 1] of the synthetic radiograph at (x, y); {@code shift} moves the anatomy. */
  static double xray(int x, int y, int shift) {
    double u = (x - W / 2.0 - shift) / (W * 0.42);
    double v = (y - H / 2.0) / (H * 0.45);
    double body = u * u + v * v < 1 ? 0.75 : 0.08;
    for (int side = -1; side <= 1; side += 2) {
      double lu = (x - W / 2.0 - shift - side * W * 0.18) / (W * 0.14);
      double lv = (y - H / 2.0 + H * 0.05) / (H * 0.3);
      if (lu * lu + lv * lv < 1) {
        body = 0.3 + 0.15 * Math.abs(Math.sin(y * 0.6)); // ribs across the lung field
      }
    }
    if (x >= 2 && x < 8 && y >= 2 && y < 6) {
      body = 1.0; // burned-in marker
    }
    return body;
  }

  static BufferedImage gray(int type, int maxValue, int shift) {
    BufferedImage img = new BufferedImage(W, H, type);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        r.setSample(x, y, 0, (int) Math.round(xray(x, y, shift) * maxValue));
      }
    }
    return img;
  }

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "testdata/medical-like");
    Files.createDirectories(out);
    write(gray(BufferedImage.TYPE_BYTE_GRAY, 255, 0), "png", out.resolve("chest-8bit.png"));
    write(gray(BufferedImage.TYPE_USHORT_GRAY, 65535, 0), "png", out.resolve("chest-16bit.png"));
    write(gray(BufferedImage.TYPE_BYTE_GRAY, 255, 3), "tiff", out.resolve("chest-8bit.tif"));
    write(gray(BufferedImage.TYPE_USHORT_GRAY, 65535, 3), "tiff", out.resolve("chest-16bit.tif"));
    write(gray(BufferedImage.TYPE_USHORT_GRAY, 4095, -3), "tiff", out.resolve("chest-12bit-in-16.tif"));
    writePages(out.resolve("ct-2pages-16bit.tif"),
        gray(BufferedImage.TYPE_USHORT_GRAY, 65535, -5), gray(BufferedImage.TYPE_USHORT_GRAY, 65535, 5));
    System.out.println("wrote fixtures to " + out);
  }

  static void write(BufferedImage img, String format, Path file) throws IOException {
    Files.deleteIfExists(file);
    if (format.equals("tiff")) {
      writePages(file, img);
    } else if (!ImageIO.write(img, format, file.toFile())) {
      throw new IOException("no writer for " + format);
    }
  }

  static void writePages(Path file, BufferedImage... pages) throws IOException {
    Files.deleteIfExists(file);
    ImageWriter w = ImageIO.getImageWritersByFormatName("tiff").next();
    try (ImageOutputStream os = ImageIO.createImageOutputStream(new File(file.toString()))) {
      w.setOutput(os);
      ImageWriteParam p = w.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionType("Deflate");
      w.prepareWriteSequence(null);
      for (BufferedImage page : pages) {
        w.writeToSequence(new IIOImage(page, null, null), p);
      }
      w.endWriteSequence();
    } finally {
      w.dispose();
    }
  }
}
