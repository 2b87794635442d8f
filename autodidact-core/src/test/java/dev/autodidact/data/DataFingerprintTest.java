package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The dataset fingerprint changes with the data (a file more or less, a touched file, other IDX bytes) and only then. */
class DataFingerprintTest {
  @TempDir Path dir;

  private static DataFingerprint fp(Path p) {
    return DataFingerprint.of(p, Datasets.open(p, Datasets.Options.of(1)));
  }

  @Test
  void folderFingerprintFollowsNamesSizesAndTimes() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("data"), 2, 3, 8);
    DataFingerprint a = fp(data);
    assertEquals("folder", a.kind());
    assertEquals(6, a.items());
    assertEquals(64, a.sha256().length());
    assertTrue(a.sameData(fp(data)), "same folder, same fingerprint");

    Path moved = dir.resolve("moved");
    Files.move(data, moved);
    assertTrue(a.sameData(fp(moved)), "a moved folder is the same data");

    Path one;
    try (var s = Files.walk(moved)) {
      one = s.filter(Files::isRegularFile).sorted().findFirst().orElseThrow();
    }
    Files.setLastModifiedTime(one, FileTime.fromMillis(Files.getLastModifiedTime(one).toMillis() - 60_000));
    DataFingerprint touched = fp(moved);
    assertFalse(a.sameData(touched), "a file with another modification time is other data");
    assertEquals(6, touched.items());

    Files.delete(one);
    DataFingerprint fewer = fp(moved);
    assertEquals(5, fewer.items());
    assertFalse(a.sameData(fewer));
    assertTrue(fewer.describe().contains("5 items"), fewer.describe());
  }

  @Test
  void idxFingerprintIsOverTheContent() throws Exception {
    Path a = Files.createDirectories(dir.resolve("a"));
    writeIdx(a, (byte) 1);
    Path b = Files.createDirectories(dir.resolve("b"));
    writeIdx(b, (byte) 2);
    DataFingerprint fa = fp(a);
    assertEquals("idx", fa.kind());
    assertEquals(3, fa.items());
    assertNotEquals(fa.sha256(), fp(b).sha256(), "other pixels, other hash");
    Files.setLastModifiedTime(a.resolve("train-images-idx3-ubyte"), FileTime.fromMillis(0));
    assertEquals(fa.sha256(), fp(a).sha256(), "content, not times, for IDX");
  }

  /** Three 2×2 images with pixel value {@code v} and their labels. */
  private static void writeIdx(Path dir, byte v) throws Exception {
    java.nio.ByteBuffer img = java.nio.ByteBuffer.allocate(16 + 12);
    img.putInt(0x00000803).putInt(3).putInt(2).putInt(2);
    for (int i = 0; i < 12; i++) {
      img.put(v);
    }
    Files.write(dir.resolve("train-images-idx3-ubyte"), img.array());
    java.nio.ByteBuffer lab = java.nio.ByteBuffer.allocate(8 + 3);
    lab.putInt(0x00000801).putInt(3).put((byte) 0).put((byte) 1).put((byte) 0);
    Files.write(dir.resolve("train-labels-idx1-ubyte"), lab.array());
  }
}
