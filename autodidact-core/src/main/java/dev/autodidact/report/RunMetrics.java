package dev.autodidact.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's {@code metrics.jsonl} as numeric series against {@code step}. Every numeric key becomes a
 * series, so metrics added later (RankMe, a kNN monitor, an online probe) appear in the report without
 * a change here. A torn last line (a run killed mid-write) is skipped; any other bad line is an error.
 *
 * @param steps the {@code step} of each row
 * @param series each other numeric key's values by row (NaN where a row lacks it), in first-seen order
 */
public record RunMetrics(double[] steps, Map<String, double[]> series) {
  /** Keys that are bookkeeping, not curves. */
  private static final List<String> NOT_CURVES = List.of("step", "epoch", "seconds");

  /** Reads {@code file}. */
  public static RunMetrics read(Path file) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(file);
    List<JsonNode> rows = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      try {
        JsonNode n = json.readTree(line);
        if (n.isObject() && n.hasNonNull("step")) {
          rows.add(n);
        }
      } catch (com.fasterxml.jackson.core.JacksonException e) {
        if (i < lines.size() - 1) {
          throw new UserInputException(file + ": line " + (i + 1) + " is not JSON");
        }
      }
    }
    double[] steps = new double[rows.size()];
    Map<String, double[]> series = new LinkedHashMap<>();
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      steps[r] = row.get("step").asDouble();
      for (Iterator<Map.Entry<String, JsonNode>> it = row.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (NOT_CURVES.contains(e.getKey()) || !e.getValue().isNumber()) {
          continue;
        }
        double[] v = series.computeIfAbsent(e.getKey(), k -> nans(rows.size()));
        v[r] = e.getValue().asDouble();
      }
    }
    return new RunMetrics(steps, series);
  }

  private static double[] nans(int n) {
    double[] v = new double[n];
    Arrays.fill(v, Double.NaN);
    return v;
  }

  /** Number of logged rows. */
  public int size() {
    return steps.length;
  }

  /** The last finite value of {@code key}, or NaN. */
  public double last(String key) {
    double[] v = series.get(key);
    if (v != null) {
      for (int i = v.length - 1; i >= 0; i--) {
        if (Double.isFinite(v[i])) {
          return v[i];
        }
      }
    }
    return Double.NaN;
  }
}
