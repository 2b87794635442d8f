package dev.autodidact.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.artifact.AtomicFiles;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code RUN/metrics.jsonl}: one JSON object per logging interval, flushed as written so a crash loses
 * at most the line being written. Not thread-safe; throws {@link IllegalStateException} after close.
 */
public final class MetricsLog implements AutoCloseable {
  /** The file name inside the run directory. */
  public static final String FILE = "metrics.jsonl";

  /**
   * One line.
   *
   * @param step updates done
   * @param epoch epoch of the last batch (0-based)
   * @param loss mean loss over the interval
   * @param lr learning rate of the last update
   * @param imagesPerS images per second over the interval (an image counts once, whatever its views)
   * @param embeddingStd mean over the interval of the std of L2-normalized embeddings (collapse metric)
   * @param gradNorm mean global gradient norm over the interval (before clipping)
   * @param seconds training wall time since the run began
   */
  public record Line(long step, int epoch, Double loss, double lr, Double imagesPerS, Double embeddingStd,
      Double gradNorm, double seconds) {}

  private final ObjectMapper json = Json.compact();
  private final BufferedWriter out;
  private boolean closed;

  /**
   * Opens the log for appending. When resuming from {@code resumeStep}, lines past it (written by the
   * interrupted session after its last checkpoint) are dropped first, so each step appears once.
   */
  public MetricsLog(Path run, long resumeStep) throws IOException {
    Path file = run.resolve(FILE);
    if (Files.exists(file)) {
      List<String> keep = new ArrayList<>();
      boolean dropped = false;
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        JsonNode n = line.isBlank() ? null : parse(line);
        if (n != null && n.path("step").asLong(Long.MAX_VALUE) <= resumeStep) {
          keep.add(line);
        } else {
          dropped = true;
        }
      }
      if (dropped) {
        AtomicFiles.write(file, (String.join("\n", keep) + (keep.isEmpty() ? "" : "\n")).getBytes(StandardCharsets.UTF_8));
      }
    }
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  private JsonNode parse(String line) {
    try {
      return json.readTree(line);
    } catch (IOException e) {
      return null; // a torn last line from a crash
    }
  }

  /** Appends and flushes one line. */
  public void append(Line line) throws IOException {
    write(line);
  }

  /** Appends and flushes one line with more keys after the line's own (null values are left out). */
  public void append(Line line, Map<String, ?> extra) throws IOException {
    @SuppressWarnings("unchecked")
    Map<String, Object> row = new LinkedHashMap<>(json.convertValue(line, Map.class));
    extra.forEach((k, v) -> {
      if (v != null) {
        row.put(k, v);
      }
    });
    write(row);
  }

  /**
   * Appends and flushes a line of other measurements taken at a step (e.g. the quality monitor's
   * {@code step}, {@code epoch}, {@code rankme}); readers treat every numeric key as a series.
   */
  public void append(Map<String, ?> fields) throws IOException {
    write(fields);
  }

  private void write(Object row) throws IOException {
    if (closed) {
      throw new IllegalStateException("metrics log is closed");
    }
    out.write(json.writeValueAsString(row));
    out.newLine();
    out.flush();
  }

  /** Appends and flushes one line of any shape (it must carry {@code step}, for resume). */
  public void appendRaw(Map<String, Object> line) throws IOException {
    if (closed) {
      throw new IllegalStateException("metrics log is closed");
    }
    if (!line.containsKey("step")) {
      throw new IllegalArgumentException("a metrics line needs a step");
    }
    out.write(json.writeValueAsString(line));
    out.newLine();
    out.flush();
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      out.close();
    }
  }
}
