package dev.autodidact.finetune;

import dev.autodidact.Prediction;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.data.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code predictions.csv}: one row per image — {@code path}, one probability column per class,
 * {@code predicted} (the top class, or for multi-label the classes at or above their threshold joined by
 * {@code ;}), {@code true_label} when known, and {@code error} (the reason an image could not be read;
 * its probabilities are then empty).
 */
public final class Predictions {
  private Predictions() {}

  /**
   * Writes the file atomically.
   *
   * @param predictions per image, null where unreadable
   * @param labels true label text per image (null where unknown; multi-label: the positive classes joined by {@code ;})
   * @param errors reason per image, null where readable
   */
  public static void write(Path out, Dataset ds, List<String> classes, Prediction[] predictions, String[] labels,
      String[] errors) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("path");
    for (String c : classes) {
      sb.append(',').append(csv("p_" + c));
    }
    sb.append(",predicted,true_label,error\n");
    for (int i = 0; i < ds.size(); i++) {
      sb.append(csv(ds.source(i)));
      Prediction p = predictions[i];
      for (int k = 0; k < classes.size(); k++) {
        sb.append(',');
        if (p != null) {
          sb.append(String.format(Locale.ROOT, "%.6f", p.probabilities().get(k)));
        }
      }
      sb.append(',').append(p == null ? "" : csv(String.join(";", p.labels())));
      sb.append(',').append(labels == null || labels[i] == null ? "" : csv(labels[i]));
      sb.append(',').append(errors[i] == null ? "" : csv(errors[i]));
      sb.append('\n');
    }
    AtomicFiles.write(out, sb.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String csv(String s) {
    return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
  }
}
