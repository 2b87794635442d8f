package dev.autodidact.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
  @TempDir Path dir;

  private static SafeTensors sample() {
    LinkedHashMap<String, TensorData> t = new LinkedHashMap<>();
    t.put("z.weight", TensorData.floats(Shape.of(2, 3), 1, 2, 3, 4, 5, -6.5f));
    t.put("a.ids", TensorData.longs(Shape.of(3), 7, -1, Long.MAX_VALUE));
    t.put("m.d", TensorData.doubles(Shape.of(1, 1), Math.PI));
    t.put("m.i", TensorData.ints(Shape.of(2), 3, -4));
    t.put("m.b", TensorData.bools(Shape.of(3), true, false, true));
    t.put("m.u", TensorData.fromDoubles(DType.UINT8, Shape.of(2), new double[] {0, 255}));
    t.put("loss", TensorData.scalar(DType.FLOAT, 0.25));
    t.put("empty", TensorData.floats(Shape.of(0, 4)));
    return new SafeTensors(t, Map.of("format", "pt", "step", "3"));
  }

  @Test
  void roundTripsEveryDtypeWithSortedKeysAndPaddedHeader() throws IOException {
    Path f = dir.resolve("s.safetensors");
    SafeTensors s = sample();
    s.write(f);
    byte[] raw = Files.readAllBytes(f);
    assertArrayEquals(s.toBytes(), raw);
    long n = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8);
    String header = new String(raw, 8, (int) n, StandardCharsets.UTF_8);
    assertTrue(header.indexOf("\"a.ids\"") < header.indexOf("\"z.weight\""), header);

    SafeTensors r = SafeTensors.read(f);
    assertEquals(List.of("a.ids", "empty", "loss", "m.b", "m.d", "m.i", "m.u", "z.weight"),
        List.copyOf(r.tensors().keySet()));
    assertEquals(s.metadata(), r.metadata());
    for (String k : s.tensors().keySet()) {
      TensorData a = s.get(k);
      TensorData b = r.get(k);
      assertEquals(a.dtype(), b.dtype(), k);
      assertEquals(a.shape(), b.shape(), k);
      assertEquals(a.bytes(), b.bytes(), k);
    }
  }

  @Test
  void readsThePyTorchFixtures() throws IOException {
    SafeTensors s = SafeTensors.read(Path.of("testdata/reference/simclr-sgd.safetensors"));
    assertEquals("simclr-sgd", s.metadata().get("fixture"));
    TensorData w = s.get("param/encoder.stem.conv.weight");
    assertEquals(Shape.of(4, 3, 3, 3), w.shape());
    assertEquals(Shape.scalar(), s.get("loss").shape());
    // Re-encoding a file written by the Python writer gives the same bytes.
    assertArrayEquals(Files.readAllBytes(Path.of("testdata/reference/simclr-sgd.safetensors")), s.toBytes());
  }

  private Path broken(byte[] content) throws IOException {
    Path f = dir.resolve("broken.safetensors");
    Files.write(f, content);
    return f;
  }

  private void assertRefused(byte[] content, String reason) throws IOException {
    Path f = broken(content);
    IOException e = assertThrows(IOException.class, () -> SafeTensors.read(f));
    assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
  }

  @Test
  void refusesTruncatedAndCorruptedFiles() throws IOException {
    byte[] good = sample().toBytes();
    assertRefused(Arrays.copyOf(good, good.length - 3), "truncated");
    assertRefused(Arrays.copyOf(good, 5), "shorter than");
    assertRefused(Arrays.copyOf(good, 40), "impossible");
    byte[] longer = Arrays.copyOf(good, good.length + 4);
    assertRefused(longer, "cover");
    byte[] hugeLen = good.clone();
    ByteBuffer.wrap(hugeLen).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 1L << 40);
    assertRefused(hugeLen, "header length");
    byte[] badJson = good.clone();
    badJson[8] = 'x';
    assertRefused(badJson, "not valid JSON");
  }

  private static byte[] withHeader(String json, int dataBytes) {
    byte[] h = json.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    return b.putLong(h.length).put(h).array();
  }

  @Test
  void refusesInconsistentHeaders() throws IOException {
    assertRefused(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4), "needs 8 bytes");
    assertRefused(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "overlaps");
    assertRefused(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "hole");
    assertRefused(withHeader("{\"a\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[0,2]}}", 2), "unsupported dtype F16");
    assertRefused(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "bad shape");
    assertRefused(withHeader("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "not valid JSON");
    assertRefused(withHeader("{\"__metadata__\":{\"k\":1}}", 0), "not a string");
    assertRefused(withHeader("[1,2]", 0), "not a JSON object");
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaries() throws IOException {
    Path f = dir.resolve("keep.safetensors");
    sample().write(f);
    byte[] before = Files.readAllBytes(f);
    assertThrows(IOException.class, () -> AtomicFiles.write(f, out -> {
      out.write(new byte[100]);
      throw new IOException("disk full (simulated)");
    }));
    assertArrayEquals(before, Files.readAllBytes(f));
    try (var s = Files.list(dir)) {
      assertEquals(List.of(f), s.toList());
    }
  }
}
