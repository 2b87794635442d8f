package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadInputTest {
  @TempDir Path dir;
  private final ImageDecoder decoder = new ImageDecoder(DecodeOptions.of(1));

  private String reasonFor(Path f) {
    BadImageException e = assertThrows(BadImageException.class, () -> decoder.decode(f, new FloatImage()));
    assertEquals(f.toString(), e.source());
    assertTrue(e.getMessage().startsWith(f.toString()), "message names the file: " + e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    return e.reason();
  }

  @Test
  void zeroByteFile() throws Exception {
    Path f = Files.createFile(dir.resolve("empty.png"));
    assertEquals("empty file (0 bytes)", reasonFor(f));
  }

  @Test
  void truncatedPng() throws Exception {
    Path good = Fixtures.write(Fixtures.gray16(64, 64), "png", dir.resolve("good.png"));
    byte[] bytes = Files.readAllBytes(good);
    Path f = Files.write(dir.resolve("cut.png"), Arrays.copyOf(bytes, bytes.length / 2));
    assertTrue(reasonFor(f).contains("truncated or corrupt"));
  }

  @Test
  void truncatedJpeg() throws Exception {
    Path good = Fixtures.write(Fixtures.rgb(64, 64), "jpeg", dir.resolve("good.jpg"));
    byte[] bytes = Files.readAllBytes(good);
    Path f = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(bytes, bytes.length * 2 / 3));
    assertTrue(reasonFor(f).contains("truncated or corrupt"), reasonFor(f));
  }

  @Test
  void truncatedTiff() throws Exception {
    Path good = Fixtures.write(Fixtures.gray16(64, 64), "tiff", dir.resolve("good.tif"));
    byte[] bytes = Files.readAllBytes(good);
    Path f = Files.write(dir.resolve("cut.tif"), Arrays.copyOf(bytes, 40));
    String reason = reasonFor(f);
    assertTrue(reason.contains("truncated") || reason.contains("corrupt") || reason.contains("cannot decode"), reason);
  }

  @Test
  void textFileIsNotAnImage() throws Exception {
    Path f = Files.writeString(dir.resolve("notes.png"), "patient list, do not share\n");
    assertTrue(reasonFor(f).startsWith("not an image"));
  }

  @Test
  void dicomIsNamedAsUnsupported() throws Exception {
    byte[] dcm = new byte[300];
    dcm[128] = 'D';
    dcm[129] = 'I';
    dcm[130] = 'C';
    dcm[131] = 'M';
    Path f = Files.write(dir.resolve("scan.dcm"), dcm);
    assertTrue(reasonFor(f).contains("DICOM"));
  }

  @Test
  void overThePixelLimitIsRefusedFromTheHeader() throws Exception {
    Path f = Fixtures.write(Fixtures.gray8(200, 100), "png", dir.resolve("big.png"));
    ImageDecoder small = new ImageDecoder(DecodeOptions.of(1).withMaxPixels(10_000));
    BadImageException e = assertThrows(BadImageException.class, () -> small.decode(f, new FloatImage()));
    assertTrue(e.reason().contains("over the limit"), e.reason());
    assertTrue(e.reason().contains("200x100"), e.reason());
  }

  @Test
  void decompressionBombIsRefusedWithoutDecoding() throws Exception {
    // A PNG header claiming 100000 x 100000 pixels (10 gigapixels) with a few bytes of data: decoding it
    // would need 10 GB; the header check must refuse it instantly.
    Path f = dir.resolve("bomb.png");
    Files.write(f, PngBomb.bytes(100_000, 100_000));
    BadImageException e = assertThrows(BadImageException.class, () -> decoder.decode(f, new FloatImage()));
    assertTrue(e.reason().contains("over the limit"), e.reason());
    // The size comes from the header (no wall-clock bound: that was flaky under load, and decoding 10 GB
    // would fail with an OutOfMemoryError rather than this reason anyway).
    assertTrue(e.reason().contains("100000x100000"), e.reason());
  }

  @Test
  void wrongExtensionIsReadByContent() throws Exception {
    Path f = Fixtures.write(Fixtures.gray8(5, 5), "png", dir.resolve("actually-png.jpg"));
    FloatImage img = new FloatImage();
    assertEquals("png", decoder.decode(f, img).format());
    assertEquals(Fixtures.value8(2, 1) / 255.0, img.get(0, 1, 2), 1e-6);
  }

  @Test
  void missingFile() {
    assertEquals("file not found", reasonFor(dir.resolve("gone.png")));
  }

  @Test
  void directoryInsteadOfFile() throws Exception {
    assertEquals("is a directory", reasonFor(Files.createDirectory(dir.resolve("d.png"))));
  }

  @Test
  void unreadablePermissions() throws Exception {
    // root reads everything, so the check can only be exercised as a normal user.
    assumeFalse("root".equals(System.getProperty("user.name")), "running as root: permissions are not enforced");
    Path f = Fixtures.write(Fixtures.gray8(5, 5), "png", dir.resolve("secret.png"));
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    assertEquals("permission denied", reasonFor(f));
  }
}
