package dev.autodidact.artifact;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A safetensors file: named tensors plus string metadata. The format is {@code u64} LE header length,
 * a JSON header ({@code name: {dtype, shape, data_offsets}} and {@code __metadata__}) padded with spaces
 * to a multiple of 8, then raw little-endian data. Written with sorted keys and contiguous offsets, as
 * the Python {@code safetensors} package expects; read with the same checks it makes, so a broken file
 * is refused with its path and the reason instead of producing garbage tensors.
 *
 * @param tensors tensors in header order (on write they are stored sorted by name)
 * @param metadata free-form string metadata ({@code __metadata__})
 */
public record SafeTensors(LinkedHashMap<String, TensorData> tensors, Map<String, String> metadata) {
  /** The Python package's own limit on the header; larger means a corrupt length field. */
  static final long MAX_HEADER = 100L << 20;

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  public SafeTensors {
    tensors = new LinkedHashMap<>(tensors);
    metadata = Collections.unmodifiableMap(new TreeMap<>(metadata));
  }

  /** Tensors without metadata. */
  public static SafeTensors of(Map<String, TensorData> tensors) {
    return new SafeTensors(new LinkedHashMap<>(tensors), Map.of());
  }

  /** The tensor called {@code name}; fails naming it when absent. */
  public TensorData get(String name) {
    TensorData t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("no tensor '" + name + "' in safetensors");
    }
    return t;
  }

  // ---- writing -------------------------------------------------------------------------------

  /** Writes the file atomically (see {@link AtomicFiles}). */
  public void write(Path path) throws IOException {
    List<String> names = new ArrayList<>(tensors.keySet());
    Collections.sort(names);
    byte[] header = header(names);
    AtomicFiles.write(path, out -> {
      byte[] len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array();
      out.write(len);
      out.write(header);
      byte[] chunk = new byte[1 << 16];
      for (String n : names) {
        ByteBuffer b = tensors.get(n).bytes();
        while (b.hasRemaining()) {
          int k = Math.min(chunk.length, b.remaining());
          b.get(chunk, 0, k);
          out.write(chunk, 0, k);
        }
      }
    });
  }

  /** The whole file as bytes (small files and tests). */
  public byte[] toBytes() {
    List<String> names = new ArrayList<>(tensors.keySet());
    Collections.sort(names);
    byte[] header = header(names);
    long total = 8L + header.length;
    for (TensorData t : tensors.values()) {
      total += t.bytes().remaining();
    }
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(total)).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(header.length).put(header);
    for (String n : names) {
      b.put(tensors.get(n).bytes());
    }
    return b.array();
  }

  private byte[] header(List<String> sortedNames) {
    ObjectNode root = JSON.createObjectNode();
    if (!metadata.isEmpty()) {
      ObjectNode m = root.putObject("__metadata__");
      metadata.forEach(m::put);
    }
    long offset = 0;
    for (String n : sortedNames) {
      if (n.equals("__metadata__")) {
        throw new IllegalArgumentException("'__metadata__' is reserved and cannot name a tensor");
      }
      TensorData t = tensors.get(n);
      ObjectNode e = root.putObject(n);
      e.put("dtype", code(t.dtype()));
      var shape = e.putArray("shape");
      for (long d : t.shape().dims()) {
        shape.add(d);
      }
      long size = t.bytes().remaining();
      e.putArray("data_offsets").add(offset).add(offset + size);
      offset += size;
    }
    byte[] raw;
    try {
      raw = JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    int padded = (raw.length + 7) / 8 * 8;
    byte[] h = new byte[padded];
    System.arraycopy(raw, 0, h, 0, raw.length);
    java.util.Arrays.fill(h, raw.length, padded, (byte) ' ');
    return h;
  }

  static String code(DType t) {
    return switch (t) {
      case FLOAT -> "F32";
      case DOUBLE -> "F64";
      case INT64 -> "I64";
      case INT32 -> "I32";
      case BOOL -> "BOOL";
      case UINT8 -> "U8";
    };
  }

  static DType dtype(String code) {
    return switch (code) {
      case "F32" -> DType.FLOAT;
      case "F64" -> DType.DOUBLE;
      case "I64" -> DType.INT64;
      case "I32" -> DType.INT32;
      case "BOOL" -> DType.BOOL;
      case "U8" -> DType.UINT8;
      default -> throw new IllegalArgumentException("unsupported dtype " + code);
    };
  }

  // ---- reading -------------------------------------------------------------------------------

  /**
   * Reads and validates a file. Any defect (short file, bad header length or JSON, unknown dtype,
   * offsets out of range, overlapping or non-contiguous data, size not matching dtype × shape) throws
   * {@link IOException} whose one-line message starts with the path.
   */
  public static SafeTensors read(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long fileSize = ch.size();
      if (fileSize < 8) {
        throw new Broken("file has " + fileSize + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = readFully(ch, 0, 8);
      long n = lenBuf.order(ByteOrder.LITTLE_ENDIAN).getLong();
      if (n < 2 || n > MAX_HEADER || n > fileSize - 8) {
        throw new Broken("header length " + Long.toUnsignedString(n) + " is impossible for a file of "
            + fileSize + " bytes");
      }
      ByteBuffer hb = readFully(ch, 8, (int) n);
      List<Entry> entries = new ArrayList<>();
      Map<String, String> metadata = parseHeader(hb, entries);
      long dataStart = 8 + n;
      checkLayout(entries, fileSize - dataStart);
      LinkedHashMap<String, TensorData> tensors = new LinkedHashMap<>();
      for (Entry e : entries) {
        ByteBuffer b = readFully(ch, dataStart + e.begin, Math.toIntExact(e.end - e.begin));
        tensors.put(e.name, TensorData.ofBytes(e.dtype, e.shape, b));
      }
      return new SafeTensors(tensors, metadata);
    } catch (Broken e) {
      throw new IOException("safetensors " + path + ": " + e.getMessage(), e);
    }
  }

  /** One header entry. */
  private record Entry(String name, DType dtype, Shape shape, long begin, long end) {}

  /** A defect found while reading; re-thrown with the path. */
  private static final class Broken extends IOException {
    Broken(String msg) {
      super(msg);
    }
  }

  private static Map<String, String> parseHeader(ByteBuffer hb, List<Entry> entries) throws Broken {
    JsonNode root;
    try {
      byte[] raw = new byte[hb.remaining()];
      hb.get(raw);
      root = JSON.readTree(new String(raw, StandardCharsets.UTF_8).stripTrailing());
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new Broken("header is not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new Broken("header is not a JSON object");
    }
    Map<String, String> metadata = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      JsonNode v = f.getValue();
      if (name.equals("__metadata__")) {
        if (!v.isObject()) {
          throw new Broken("__metadata__ is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> m = v.fields(); m.hasNext(); ) {
          Map.Entry<String, JsonNode> kv = m.next();
          if (!kv.getValue().isTextual()) {
            throw new Broken("__metadata__." + kv.getKey() + " is not a string");
          }
          metadata.put(kv.getKey(), kv.getValue().asText());
        }
        continue;
      }
      entries.add(entry(name, v));
    }
    return metadata;
  }

  private static Entry entry(String name, JsonNode v) throws Broken {
    if (!v.isObject() || !v.path("dtype").isTextual() || !v.path("shape").isArray()
        || !v.path("data_offsets").isArray() || v.get("data_offsets").size() != 2) {
      throw new Broken("tensor '" + name + "' needs dtype, shape and data_offsets [begin, end]");
    }
    DType dtype;
    try {
      dtype = dtype(v.get("dtype").asText());
    } catch (IllegalArgumentException e) {
      throw new Broken("tensor '" + name + "': " + e.getMessage());
    }
    long[] dims = new long[v.get("shape").size()];
    long numel = 1;
    for (int i = 0; i < dims.length; i++) {
      JsonNode d = v.get("shape").get(i);
      if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
        throw new Broken("tensor '" + name + "' has a bad shape " + v.get("shape"));
      }
      dims[i] = d.asLong();
      numel = Math.multiplyHigh(numel, dims[i]) != 0 ? -1 : numel * dims[i];
      if (numel < 0) {
        throw new Broken("tensor '" + name + "' shape " + v.get("shape") + " overflows");
      }
    }
    JsonNode o = v.get("data_offsets");
    if (!o.get(0).isIntegralNumber() || !o.get(1).isIntegralNumber() || o.get(0).asLong() < 0
        || o.get(1).asLong() < o.get(0).asLong()) {
      throw new Broken("tensor '" + name + "' has bad data_offsets " + o);
    }
    long begin = o.get(0).asLong();
    long end = o.get(1).asLong();
    long expect = numel * dtype.bytes();
    if (end - begin != expect) {
      throw new Broken("tensor '" + name + "' " + v.get("dtype").asText() + v.get("shape") + " needs " + expect
          + " bytes but data_offsets " + o + " span " + (end - begin));
    }
    return new Entry(name, dtype, Shape.of(dims), begin, end);
  }

  /** Data must be covered exactly: in range, no overlap, no holes (the Python reader's rule). */
  private static void checkLayout(List<Entry> entries, long dataSize) throws Broken {
    List<Entry> byBegin = new ArrayList<>(entries);
    byBegin.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
    long at = 0;
    for (Entry e : byBegin) {
      if (e.end > dataSize) {
        throw new Broken("tensor '" + e.name + "' ends at byte " + e.end + " but the data section has only "
            + dataSize + " bytes (truncated file?)");
      }
      if (e.begin < at) {
        throw new Broken("tensor '" + e.name + "' overlaps the previous tensor (offset " + e.begin + " < " + at + ")");
      }
      if (e.begin > at) {
        throw new Broken("hole in the data section before tensor '" + e.name + "' (bytes " + at + ".." + e.begin + ")");
      }
      at = e.end;
    }
    if (at != dataSize) {
      throw new Broken("data section has " + dataSize + " bytes but the tensors cover " + at);
    }
  }

  private static ByteBuffer readFully(FileChannel ch, long pos, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len).order(ByteOrder.LITTLE_ENDIAN);
    while (b.hasRemaining()) {
      int k = ch.read(b, pos + b.position());
      if (k < 0) {
        throw new Broken("unexpected end of file at byte " + (pos + b.position()));
      }
    }
    return b.flip();
  }
}
