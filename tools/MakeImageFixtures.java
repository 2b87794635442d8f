import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.File;
import java.io.IOException;
import javax.imageio.ImageIO;

/**
 * Writes the small image fixtures in testdata/images/ that the Encoder parity test runs over, beside
 * testdata/medical-like/: RGB and grey, 8 and 16 bit, odd and non-square sizes, several formats.
 * Deterministic, JDK only:
 *
 * <pre>java tools/MakeImageFixtures.java testdata/images</pre>
 */
public final class MakeImageFixtures {
  static double pattern(int x, int y, int w, int h, int c) {
    double u = (double) x / w;
    double v = (double) y / h;
    return 0.5 + 0.45 * Math.sin(6.3 * u * (c + 1) + 3.1 * v) * Math.cos(4.2 * v - 1.3 * c);
  }

  static BufferedImage rgb8(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int r = (int) Math.round(255 * pattern(x, y, w, h, 0));
        int g = (int) Math.round(255 * pattern(x, y, w, h, 1));
        int b = (int) Math.round(255 * pattern(x, y, w, h, 2));
        img.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return img;
  }

  static BufferedImage gray8(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.setSample(x, y, 0, (int) Math.round(255 * pattern(x, y, w, h, 1)));
      }
    }
    return img;
  }

  static BufferedImage rgb16(int w, int h) {
    ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), new int[] {16, 16, 16},
        false, false, Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
    WritableRaster r = cm.createCompatibleWritableRaster(w, h);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          r.setSample(x, y, c, (int) Math.round(65535 * pattern(x, y, w, h, c)));
        }
      }
    }
    return new BufferedImage(cm, r, false, null);
  }

  public static void main(String[] args) throws IOException {
    File dir = new File(args.length > 0 ? args[0] : "testdata/images");
    dir.mkdirs();
    write(rgb8(37, 23), "png", new File(dir, "rgb-8bit-37x23.png"));
    write(rgb8(45, 31), "jpeg", new File(dir, "rgb-8bit-45x31.jpg"));
    write(rgb16(19, 27), "png", new File(dir, "rgb-16bit-19x27.png"));
    write(gray8(33, 17), "bmp", new File(dir, "gray-8bit-33x17.bmp"));
    write(gray8(5, 7), "png", new File(dir, "gray-8bit-5x7.png"));
    write(rgb8(120, 90), "png", new File(dir, "rgb-8bit-120x90.png"));
  }

  static void write(BufferedImage img, String format, File f) throws IOException {
    if (!ImageIO.write(img, format, f)) {
      throw new IOException("no " + format + " writer for " + f);
    }
  }
}
