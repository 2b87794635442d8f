package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.Encoder;
import dev.autodidact.InferenceOptions;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.testutil.Cli;
import dev.autodidact.testutil.Models;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code autodidact embed}: every format, labels from class folders, unreadable files listed, values as the API's. */
class EmbedCommandTest {
  @TempDir Path dir;
  Path model;
  Path data;
  Map<String, float[]> expected = new HashMap<>();

  @BeforeEach
  void setUp() throws Exception {
    model = Models.encoder(Models.TINY_GRAY, 9, dir.resolve("run"));
    data = dir.resolve("data");
    int i = 0;
    for (Path src : List.of(Path.of("testdata/medical-like/chest-8bit.png"), Path.of("testdata/medical-like/chest-16bit.tif"),
        Path.of("testdata/images/rgb-8bit-37x23.png"), Path.of("testdata/images/rgb-16bit-19x27.png"),
        Path.of("testdata/images/gray-8bit-33x17.bmp"))) {
      Path to = data.resolve(i % 2 == 0 ? "normal" : "effusion").resolve("img, " + i + "-" + src.getFileName());
      Files.createDirectories(to.getParent());
      Files.copy(src, to);
      i++;
    }
    Files.write(data.resolve("normal/broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0});
    try (Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1))) {
      try (var s = Files.walk(data)) {
        for (Path p : s.filter(Files::isRegularFile).filter(p -> !p.toString().endsWith("broken.png")).toList()) {
          expected.put(p.toString(), e.embed(p));
        }
      }
    }
  }

  private Cli.Result embed(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("embed", "--model", model.toString(), "--data", data.toString(), "--out",
        out.toString(), "--batch", "2", "--threads", "1", "--loader-threads", "2", "--device", "cpu"));
    a.addAll(List.of(more));
    return Cli.run(a.toArray(String[]::new));
  }

  @Test
  void csvHasOneRowPerReadableImageWithPathAndLabel() throws Exception {
    Path out = dir.resolve("out/emb.csv");
    Cli.Result r = embed(out);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("5 embeddings"), r.out());
    assertTrue(r.out().contains("unreadable: 1 images"), r.out());
    List<String> lines = Files.readAllLines(out);
    assertEquals(6, lines.size());
    assertTrue(lines.get(0).startsWith("path,label,e0,e1,"), lines.get(0));
    for (String line : lines.subList(1, lines.size())) {
      // Paths contain a comma, so they are quoted.
      int close = line.indexOf("\",");
      String path = line.substring(1, close);
      String[] rest = line.substring(close + 2).split(",");
      assertTrue(path.contains("/" + rest[0] + "/"), "label is the class folder: " + line);
      float[] want = expected.get(path);
      float[] got = new float[rest.length - 1];
      for (int k = 0; k < got.length; k++) {
        got[k] = Float.parseFloat(rest[k + 1]);
      }
      assertArrayEquals(want, got, "bit-exact through Float.toString: " + path);
    }
    String bad = Files.readString(EmbeddingWriter.unreadableFile(out));
    assertTrue(bad.startsWith("path,reason") && bad.contains("broken.png"), bad);
  }

  @Test
  void npyAndSafetensorsHoldTheSameMatrix() throws Exception {
    Path npy = dir.resolve("emb.npy");
    Path st = dir.resolve("emb.safetensors");
    assertEquals(0, embed(npy).code());
    assertEquals(0, embed(st).code());
    List<String> rows = Files.readAllLines(EmbeddingWriter.rowsFile(npy));
    assertEquals("row,path,label", rows.get(0));
    assertEquals(6, rows.size());

    byte[] b = Files.readAllBytes(npy);
    assertEquals((byte) 0x93, b[0]);
    int headerLen = ByteBuffer.wrap(b, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort();
    String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
    int dim = expected.values().iterator().next().length;
    assertTrue(header.contains("'shape': (5, " + dim + ")") && header.contains("<f4"), header);
    assertEquals(0, (10 + headerLen) % 64, "npy data is 64-byte aligned");
    ByteBuffer data = ByteBuffer.wrap(b, 10 + headerLen, b.length - 10 - headerLen).order(ByteOrder.LITTLE_ENDIAN);
    float[] npyAll = new float[5 * dim];
    data.asFloatBuffer().get(npyAll);

    SafeTensors t = SafeTensors.read(st);
    TensorData emb = t.get("embeddings");
    assertArrayEquals(new long[] {5, dim}, emb.shape().dims());
    assertArrayEquals(npyAll, emb.toFloats());
    assertEquals(5, t.get("labels").shape().dims()[0]);
    assertTrue(t.metadata().get("preprocessing").contains("autodidact-preprocessing/1"));
    for (int i = 0; i < 5; i++) {
      String path = parsePath(rows.get(i + 1));
      float[] row = java.util.Arrays.copyOfRange(npyAll, i * dim, (i + 1) * dim);
      assertArrayEquals(expected.get(path), row, path);
    }
  }

  private static String parsePath(String row) {
    int q = row.indexOf('"');
    return row.substring(q + 1, row.indexOf('"', q + 1));
  }

  @Test
  void badArgumentsExitTwo() throws Exception {
    Cli.Result r = embed(dir.resolve("emb.txt"));
    assertEquals(2, r.code());
    assertTrue(r.err().contains(".csv, .npy or .safetensors"), r.err());
    r = Cli.run("embed", "--model", dir.resolve("missing.onnx").toString(), "--data", data.toString(), "--out",
        dir.resolve("e.csv").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("missing.onnx"), r.err());
    assertFalse(Files.exists(dir.resolve("e.csv")));
  }

  @Test
  void folderWithoutClassSubfoldersHasNoLabelColumn() throws Exception {
    Path flat = dir.resolve("flat");
    Files.createDirectories(flat);
    Files.copy(Path.of("testdata/medical-like/chest-8bit.png"), flat.resolve("a.png"));
    Path out = dir.resolve("flat.csv");
    Cli.Result r = Cli.run("embed", "--model", dir.resolve("run").toString(), "--data", flat.toString(), "--out",
        out.toString(), "--device", "cpu", "--threads", "1");
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(out);
    assertTrue(lines.get(0).startsWith("path,e0,"), lines.get(0));
    assertEquals(2, lines.size());
    assertFalse(Files.exists(EmbeddingWriter.unreadableFile(out)));
  }
}
