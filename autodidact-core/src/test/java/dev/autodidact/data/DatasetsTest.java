package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {
  @TempDir Path dir;

  @Test
  void bundledFashionSampleOpensAsIdxFolder() throws Exception {
    Dataset train = Datasets.open(Fixtures.FASHION, Datasets.Options.of(1));
    Dataset test = Datasets.open(Fixtures.FASHION, Datasets.Options.of(1).withSplit("test"));
    assertEquals(2500, train.size());
    assertEquals(500, test.size());
    assertEquals(10, train.classes().size());
    int[] counts = new int[10];
    for (int i = 0; i < train.size(); i++) {
      counts[train.label(i)]++;
    }
    for (int c : counts) {
      assertEquals(250, c);
    }
    FloatImage img = new FloatImage();
    train.load(0, null, img);
    assertEquals(28, img.height());
    // Compare with the raw bytes of the first image.
    byte[] raw;
    try (var in = new GZIPInputStream(Files.newInputStream(Fixtures.FASHION.resolve("train-images-idx3-ubyte.gz")))) {
      raw = in.readNBytes(16 + 784);
    }
    for (int p = 0; p < 784; p += 13) {
      assertEquals((raw[16 + p] & 0xFF) / 255f, img.data()[p], 1e-6f);
    }
  }

  @Test
  void uncompressedIdxFileWithThreeChannels() throws Exception {
    Path images = dir.resolve("x-images-idx3-ubyte");
    try (OutputStream o = Files.newOutputStream(images)) {
      o.write(new byte[] {0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3});
      o.write(new byte[] {0, 51, 102, (byte) 153, (byte) 204, (byte) 255, 1, 2, 3, 4, 5, 6});
    }
    Files.write(dir.resolve("x-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 7, 3});
    Dataset d = Datasets.open(images, Datasets.Options.of(3));
    assertEquals(2, d.size());
    assertEquals(3, d.label(1));
    FloatImage img = new FloatImage();
    d.load(0, null, img);
    assertEquals(3, img.channels());
    assertEquals(2, img.height());
    assertEquals(3, img.width());
    assertEquals(0.6f, img.get(2, 1, 0), 1e-6f);
  }

  @Test
  void imageFolderWithLabelsUsesFirstLevelFolders() throws Exception {
    Fixtures.classFolder(dir.resolve("data"), 3, 4, 8);
    Fixtures.write(Fixtures.gray8(8, 8), "png", dir.resolve("data/class1/deeper/nested.png"));
    Files.writeString(dir.resolve("data/README.txt"), "side file");
    Files.writeString(dir.resolve("data/.DS_Store"), "junk");
    ImageFolderDataset d = (ImageFolderDataset) Datasets.open(dir.resolve("data"), Datasets.Options.of(1).withLabels(true));
    assertEquals(13, d.size());
    assertEquals(List.of("class0", "class1", "class2"), d.classes());
    assertEquals(2, d.ignored());
    int nested = -1;
    for (int i = 0; i < d.size(); i++) {
      if (d.source(i).endsWith("nested.png")) {
        nested = i;
      }
    }
    assertEquals(1, d.label(nested));
    // Unlabelled listing of the same folder has no labels.
    Dataset u = Datasets.open(dir.resolve("data"), Datasets.Options.of(1));
    assertEquals(Dataset.NO_LABEL, u.label(0));
  }

  @Test
  void looseFilesWithLabelsAreAnError() throws Exception {
    Fixtures.classFolder(dir.resolve("data"), 2, 1, 4);
    Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve("data/loose.png"));
    DataException e = assertThrows(DataException.class,
        () -> Datasets.open(dir.resolve("data"), Datasets.Options.of(1).withLabels(true)));
    assertTrue(e.getMessage().contains("loose.png"), e.getMessage());
  }

  @Test
  void symlinkLoopIsReportedNotFollowedForever() throws Exception {
    Fixtures.classFolder(dir.resolve("data"), 1, 2, 4);
    Files.createSymbolicLink(dir.resolve("data/class0/loop"), dir.resolve("data"));
    ImageFolderDataset d = ImageFolderDataset.open(dir.resolve("data"), false, DecodeOptions.of(1));
    assertEquals(2, d.size());
    assertEquals(1, d.problems().size());
    assertTrue(d.problems().get(0).reason().contains("loop"));
    assertTrue(d.problems().get(0).path().endsWith("loop"));
  }

  @Test
  void csvManifestResolvesRelativePathsAndSplits() throws Exception {
    Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve("img/a.png"));
    Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve("img/b,with comma.png"));
    Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve("img/c.png"));
    Path csv = Files.writeString(dir.resolve("manifest.csv"),
        "path,label,split\nimg/a.png,10,train\n\"img/b,with comma.png\",2,train\nimg/c.png,2,test\n");
    Dataset all = Datasets.open(csv, Datasets.Options.of(1));
    assertEquals(3, all.size());
    assertEquals(List.of("2", "10"), all.classes()); // numeric order
    assertEquals(1, all.label(0));
    Dataset train = Datasets.open(csv, Datasets.Options.of(1).withSplit("train"));
    assertEquals(2, train.size());
    FloatImage img = new FloatImage();
    train.load(1, new ImageDecoder(DecodeOptions.of(1)), img);
    assertEquals(4, img.width());
  }

  @Test
  void csvMissingFilesListsTheFirstFew() throws Exception {
    StringBuilder sb = new StringBuilder("path,label\n");
    for (int i = 0; i < 8; i++) {
      sb.append("missing").append(i).append(".png,0\n");
    }
    Path csv = Files.writeString(dir.resolve("m.csv"), sb.toString());
    DataException e = assertThrows(DataException.class, () -> Datasets.open(csv, Datasets.Options.of(1)));
    assertTrue(e.getMessage().contains("8 listed files do not exist"), e.getMessage());
    assertTrue(e.getMessage().contains("missing0.png"), e.getMessage());
    assertTrue(e.getMessage().contains("missing4.png"), e.getMessage());
    assertTrue(!e.getMessage().contains("missing6.png"), e.getMessage());
  }

  @Test
  void csvWithoutHeaderIsAnError() throws Exception {
    Path csv = Files.writeString(dir.resolve("h.csv"), "a.png,1\n");
    DataException e = assertThrows(DataException.class, () -> Datasets.open(csv, Datasets.Options.of(1)));
    assertTrue(e.getMessage().contains("header"), e.getMessage());
  }

  @Test
  void unusablePathsAreDataExceptions() throws Exception {
    assertThrows(DataException.class, () -> Datasets.open(dir.resolve("nope"), Datasets.Options.of(1)));
    Path other = Files.writeString(dir.resolve("x.bin"), "x");
    assertThrows(DataException.class, () -> Datasets.open(other, Datasets.Options.of(1)));
  }

  @Test
  void labelledSubsetsAreBalancedStableAndNested() {
    Dataset train = Datasets.open(Fixtures.FASHION, Datasets.Options.of(1));
    SubsetDataset k10 = Subsets.perClass(train, 10, 42);
    SubsetDataset again = Subsets.perClass(train, 10, 42);
    SubsetDataset k25 = Subsets.perClass(train, 25, 42);
    SubsetDataset other = Subsets.perClass(train, 10, 43);
    assertEquals(100, k10.size());
    int[] counts = new int[10];
    int[] a = new int[k10.size()];
    int[] b = new int[again.size()];
    for (int i = 0; i < k10.size(); i++) {
      counts[k10.label(i)]++;
      a[i] = k10.baseIndex(i);
      b[i] = again.baseIndex(i);
    }
    for (int c : counts) {
      assertEquals(10, c);
    }
    assertArrayEquals(a, b);
    Set<Integer> big = new HashSet<>();
    for (int i = 0; i < k25.size(); i++) {
      big.add(k25.baseIndex(i));
    }
    for (int i : a) {
      assertTrue(big.contains(i), "K=10 subset is inside the K=25 subset");
    }
    int same = 0;
    for (int i = 0; i < other.size(); i++) {
      same += java.util.Arrays.binarySearch(a, other.baseIndex(i)) >= 0 ? 1 : 0;
    }
    assertTrue(same < 20, "another seed picks other samples, overlap " + same);
    assertThrows(DataException.class, () -> Subsets.perClass(new SubsetDataset(
        IdxDataset.open(Fixtures.FASHION.resolve("train-images-idx3-ubyte.gz"), Optional.empty(), DecodeOptions.of(1)), new int[] {0}), 1, 0));
  }
}
