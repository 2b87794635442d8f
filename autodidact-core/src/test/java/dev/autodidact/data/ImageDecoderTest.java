package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageDecoderTest {
  @TempDir Path dir;

  private final ImageDecoder gray = new ImageDecoder(DecodeOptions.of(1));
  private final ImageDecoder rgb = new ImageDecoder(DecodeOptions.of(3));

  @ParameterizedTest
  @ValueSource(strings = {"png", "tiff"})
  void sixteenBitGreyKeepsFullPrecision(String format) throws Exception {
    Path f = Fixtures.write(Fixtures.gray16(40, 30), format, dir.resolve("g16." + format));
    FloatImage img = new FloatImage();
    ImageInfo info = gray.decode(f, img);
    assertEquals(16, info.bitDepth());
    assertEquals(1, info.channels());
    assertEquals(1, img.channels());
    assertEquals(30, img.height());
    assertEquals(40, img.width());
    for (int y = 0; y < 30; y += 7) {
      for (int x = 0; x < 40; x += 3) {
        // Exact to float precision: an 8-bit detour would be off by up to 128/65535.
        assertEquals(Fixtures.value16(x, y) / 65535.0, img.get(0, y, x), 1e-6, "at " + x + "," + y);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "tiff", "bmp", "pnm"})
  void eightBitGrey(String format) throws Exception {
    Path f = Fixtures.write(Fixtures.gray8(17, 9), format, dir.resolve("g8." + format));
    FloatImage img = new FloatImage();
    ImageInfo info = gray.decode(f, img);
    assertEquals(8, info.bitDepth());
    assertEquals(format.equals("pnm") ? "pnm" : format, info.format());
    for (int y = 0; y < 9; y++) {
      for (int x = 0; x < 17; x++) {
        assertEquals(Fixtures.value8(x, y) / 255.0, img.get(0, y, x), 1e-6);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"png", "bmp", "tiff", "pnm"})
  void rgbLosslessFormats(String format) throws Exception {
    Path f = Fixtures.write(Fixtures.rgb(20, 12), format, dir.resolve("c." + format));
    FloatImage img = new FloatImage();
    rgb.decode(f, img);
    assertEquals(3, img.channels());
    assertEquals(Math.min(255, 8 * 5) / 255.0, img.get(0, 3, 5), 1e-6);
    assertEquals(Math.min(255, 8 * 3) / 255.0, img.get(1, 3, 5), 1e-6);
    assertEquals(128 / 255.0, img.get(2, 3, 5), 1e-6);
  }

  @Test
  void jpegRgbApproximately() throws Exception {
    BufferedImage src = new BufferedImage(32, 32, BufferedImage.TYPE_3BYTE_BGR);
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 32; x++) {
        src.setRGB(x, y, 0xC04020); // flat colour: JPEG keeps it nearly exactly
      }
    }
    Path f = Fixtures.write(src, "jpeg", dir.resolve("c.jpg"));
    FloatImage img = new FloatImage();
    ImageInfo info = rgb.decode(f, img);
    assertEquals("jpeg", info.format());
    assertEquals(0xC0 / 255.0, img.get(0, 16, 16), 0.03);
    assertEquals(0x40 / 255.0, img.get(1, 16, 16), 0.03);
    assertEquals(0x20 / 255.0, img.get(2, 16, 16), 0.03);
  }

  @Test
  void cmykJpegIsConvertedToRgb() throws Exception {
    // Four-band raster written by the JDK's JPEG writer (Adobe APP14, no JFIF): a CMYK JPEG.
    WritableRaster r = Raster.createInterleavedRaster(java.awt.image.DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        r.setPixel(x, y, new int[] {0, 255, 255, 0}); // C=0 M=1 Y=1 K=0: red
      }
    }
    Path f = dir.resolve("cmyk.jpg");
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    try (ImageOutputStream os = ImageIO.createImageOutputStream(f.toFile())) {
      w.setOutput(os);
      w.write(null, new IIOImage(r, null, null), null);
    } finally {
      w.dispose();
    }
    FloatImage img = new FloatImage();
    ImageInfo info = rgb.decode(f, img);
    assertEquals(3, img.channels());
    // Whatever the inversion convention, the result is a saturated colour, not grey or garbage.
    float red = img.get(0, 8, 8);
    float green = img.get(1, 8, 8);
    assertTrue(Math.abs(red - green) > 0.4, "CMYK should convert to a strong colour, got r=" + red + " g=" + green + " " + info);
  }

  @Test
  void multiPageTiffReadsFirstPage() throws Exception {
    BufferedImage p1 = Fixtures.gray16(8, 8);
    BufferedImage p2 = new BufferedImage(8, 8, BufferedImage.TYPE_USHORT_GRAY);
    Path f = Fixtures.writeTiffPages(dir.resolve("pages.tif"), p1, p2);
    FloatImage img = new FloatImage();
    gray.decode(f, img);
    assertEquals(Fixtures.value16(5, 6) / 65535.0, img.get(0, 6, 5), 1e-6);
  }

  @Test
  void greyToRgbReplicatesAndRgbToGreyUsesLuma() throws Exception {
    Path g = Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve("g.png"));
    FloatImage img = new FloatImage();
    rgb.decode(g, img);
    assertEquals(3, img.channels());
    for (int c = 0; c < 3; c++) {
      assertEquals(Fixtures.value8(3, 2) / 255.0, img.get(c, 2, 3), 1e-6);
    }
    Path c = Fixtures.write(Fixtures.rgb(4, 4), "png", dir.resolve("c.png"));
    gray.decode(c, img);
    assertEquals(1, img.channels());
    double expected = (0.299 * 24 + 0.587 * 16 + 0.114 * 128) / 255.0;
    assertEquals(expected, img.get(0, 2, 3), 1e-5);
  }

  @Test
  void percentileWindowingStretchesTwelveBitData() throws Exception {
    BufferedImage img12 = new BufferedImage(64, 64, BufferedImage.TYPE_USHORT_GRAY);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        img12.getRaster().setSample(x, y, 0, (y * 64 + x)); // 0..4095, uniform
      }
    }
    Path f = Fixtures.write(img12, "png", dir.resolve("w.png"));
    FloatImage plain = new FloatImage();
    gray.decode(f, plain);
    assertTrue(max(plain) < 0.07f, "scaled by 16 bits, 12-bit data stays dark");
    FloatImage windowed = new FloatImage();
    new ImageDecoder(DecodeOptions.of(1).withWindow(Window.percentile(1, 99))).decode(f, windowed);
    assertEquals(1f, max(windowed), 1e-6);
    assertEquals(0f, min(windowed), 1e-6);
    // The middle of the range maps near the middle.
    assertEquals(0.5, windowed.get(0, 32, 0), 0.02);
  }

  @Test
  void bundledMedicalFixturesDecode() throws Exception {
    try (var files = Files.list(Fixtures.MEDICAL)) {
      for (Path p : files.filter(p -> !p.toString().endsWith(".md")).toList()) {
        FloatImage img = new FloatImage();
        ImageInfo info = gray.decode(p, img);
        assertEquals(64, info.width(), p.toString());
        assertEquals(80, info.height(), p.toString());
        assertEquals(p.getFileName().toString().contains("8bit") ? 8 : 16, info.bitDepth(), p.toString());
        // The burned-in marker is the brightest thing in every fixture.
        assertEquals(max(img), img.get(0, 3, 3), 1e-6, p.toString());
      }
    }
  }

  @Test
  void probeReadsHeaderOnly() throws Exception {
    Path f = Fixtures.write(Fixtures.gray16(33, 21), "tiff", dir.resolve("p.tif"));
    ImageInfo info = gray.probe(f);
    assertEquals(new ImageInfo("tiff", 33, 21, 16, 1), info);
  }

  private static float max(FloatImage img) {
    float m = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < img.size(); i++) {
      m = Math.max(m, img.data()[i]);
    }
    return m;
  }

  private static float min(FloatImage img) {
    float m = Float.POSITIVE_INFINITY;
    for (int i = 0; i < img.size(); i++) {
      m = Math.min(m, img.data()[i]);
    }
    return m;
  }
}
