package dev.autodidact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Streams embeddings to {@code .csv} ({@code path[,label],e0..eD-1}), {@code .npy} (float32 [N, D]) or
 * {@code .safetensors} ({@code embeddings} F32 [N, D], {@code labels} I64 [N] when known). For npy and
 * safetensors the rows are spooled to a temporary file and the final file, whose header needs N, is
 * written atomically at {@link #finish}; a {@code <out>.rows.csv} beside it maps each row to its path
 * and label. Nothing appears under the final names until the run completes.
 */
final class EmbeddingWriter implements AutoCloseable {
  enum Format { CSV, NPY, SAFETENSORS }

  private final Path out;
  private final Format format;
  private final int dim;
  private final boolean labelled;
  private final Path spool;
  private final OutputStream data;
  private final Path rowsSpool;
  private final CsvOut rows;
  private final ByteBuffer row;
  private final ByteArrayLabels labels = new ByteArrayLabels();
  private long count;

  EmbeddingWriter(Path out, int dim, boolean labelled) throws IOException {
    this.out = out;
    this.format = formatOf(out);
    this.dim = dim;
    this.labelled = labelled;
    Path dir = out.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    this.spool = Files.createTempFile(dir, "." + out.getFileName(), ".spool");
    this.rowsSpool = Files.createTempFile(dir, "." + out.getFileName(), ".rows.spool");
    this.data = new BufferedOutputStream(Files.newOutputStream(spool), 1 << 16);
    CsvOut p = new CsvOut(new BufferedWriter(Files.newBufferedWriter(rowsSpool, StandardCharsets.UTF_8)));
    if (format == Format.CSV) {
      p.print("path");
      if (labelled) {
        p.print("label");
      }
      for (int i = 0; i < dim; i++) {
        p.print("e" + i);
      }
    } else {
      p.print("row");
      p.print("path");
      if (labelled) {
        p.print("label");
      }
    }
    p.println();
    this.rows = p;
    this.row = ByteBuffer.allocate(dim * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
  }

  static Format formatOf(Path out) {
    String n = out.getFileName().toString().toLowerCase(Locale.ROOT);
    if (n.endsWith(".csv")) {
      return Format.CSV;
    }
    if (n.endsWith(".npy")) {
      return Format.NPY;
    }
    if (n.endsWith(".safetensors")) {
      return Format.SAFETENSORS;
    }
    throw new UserInputException("--out " + out + ": expected a .csv, .npy or .safetensors file name");
  }

  /** The side file mapping rows to paths (npy and safetensors). */
  static Path rowsFile(Path out) {
    return sibling(out, ".rows.csv");
  }

  /** The list of unreadable images. */
  static Path unreadableFile(Path out) {
    return sibling(out, ".unreadable.csv");
  }

  private static Path sibling(Path out, String suffix) {
    String n = out.getFileName().toString();
    int dot = n.lastIndexOf('.');
    return out.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + suffix);
  }

  /** One image's embedding; {@code label} is null when unknown. */
  void add(String path, String label, float[] e) throws IOException {
    if (format == Format.CSV) {
      rows.print(path);
      if (labelled) {
        rows.print(label == null ? "" : label);
      }
      for (float v : e) {
        rows.print(Float.toString(v));
      }
      rows.println();
    } else {
      rows.print(Long.toString(count));
      rows.print(path);
      if (labelled) {
        rows.print(label == null ? "" : label);
      }
      rows.println();
      row.clear();
      row.asFloatBuffer().put(e);
      data.write(row.array());
      labels.add(label);
    }
    count++;
  }

  long count() {
    return count;
  }

  /** Writes the final files atomically. */
  void finish(ObjectNode metadata) throws IOException {
    data.close();
    rows.close();
    if (format == Format.CSV) {
      AtomicFiles.write(out, o -> Files.copy(rowsSpool, o));
      return;
    }
    AtomicFiles.write(rowsFile(out), o -> Files.copy(rowsSpool, o));
    if (format == Format.NPY) {
      AtomicFiles.write(out, o -> {
        o.write(npyHeader());
        copy(spool, o);
      });
    } else {
      AtomicFiles.write(out, o -> {
        byte[] header = safetensorsHeader(metadata);
        o.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        o.write(header);
        copy(spool, o);
        if (labelled) {
          o.write(labels.bytes());
        }
      });
    }
  }

  private static void copy(Path from, OutputStream to) throws IOException {
    try (InputStream in = Files.newInputStream(from)) {
      in.transferTo(to);
    }
  }

  private byte[] npyHeader() {
    String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + count + ", " + dim + "), }";
    int total = 10 + dict.length() + 1;
    int pad = (64 - total % 64) % 64;
    String h = dict + " ".repeat(pad) + "\n";
    ByteBuffer b = ByteBuffer.allocate(10 + h.length()).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
    b.putShort((short) h.length()).put(h.getBytes(StandardCharsets.US_ASCII));
    return b.array();
  }

  private byte[] safetensorsHeader(ObjectNode metadata) throws IOException {
    ObjectMapper m = new ObjectMapper();
    ObjectNode h = m.createObjectNode();
    long floats = count * dim * Float.BYTES;
    ObjectNode e = h.putObject("embeddings");
    e.put("dtype", "F32");
    e.putArray("shape").add(count).add(dim);
    e.putArray("data_offsets").add(0).add(floats);
    if (labelled) {
      ObjectNode l = h.putObject("labels");
      l.put("dtype", "I64");
      l.putArray("shape").add(count);
      l.putArray("data_offsets").add(floats).add(floats + count * Long.BYTES);
    }
    ObjectNode md = h.putObject("__metadata__");
    metadata.fields().forEachRemaining(f -> md.put(f.getKey(), f.getValue().asText()));
    byte[] json = m.writeValueAsBytes(h);
    int pad = (8 - json.length % 8) % 8;
    byte[] padded = java.util.Arrays.copyOf(json, json.length + pad);
    java.util.Arrays.fill(padded, json.length, padded.length, (byte) ' ');
    return padded;
  }

  @Override
  public void close() throws IOException {
    data.close();
    rows.close();
    Files.deleteIfExists(spool);
    Files.deleteIfExists(rowsSpool);
  }

  /** {@code v} as one RFC 4180 field: quoted when it holds a comma, quote or line break. */
  static String csvField(String v) {
    boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
    return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
  }

  /** RFC 4180 output: fields quoted when they hold a comma, quote or line break. */
  private static final class CsvOut implements AutoCloseable {
    private final Writer w;
    private boolean first = true;

    CsvOut(Writer w) {
      this.w = w;
    }

    void print(String v) throws IOException {
      if (!first) {
        w.write(',');
      }
      first = false;
      w.write(csvField(v));
    }

    void println() throws IOException {
      w.write("\r\n");
      first = true;
    }

    @Override
    public void close() throws IOException {
      w.close();
    }
  }

  /** Label indices as little-endian int64 (-1 when unknown), for the safetensors {@code labels} tensor. */
  private static final class ByteArrayLabels {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    private final ByteBuffer one = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    private final java.util.Map<String, Integer> index = new java.util.HashMap<>();

    void add(String label) {
      one.clear();
      one.putLong(label == null ? -1 : index.computeIfAbsent(label, k -> index.size()));
      bytes.write(one.array(), 0, 8);
    }

    byte[] bytes() {
      return bytes.toByteArray();
    }
  }
}
