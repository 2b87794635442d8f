package dev.autodidact.report;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.autodidact.UserInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code EVAL/results.json} as written by {@code autodidact evaluate} ({@code autodidact-eval/1}), as typed
 * records. The only place that knows the file's layout: a schema change touches this file alone. Unknown
 * fields are ignored and missing ones are null, so the report degrades section by section.
 *
 * @param format {@code autodidact-eval/1}
 * <p>Documented in {@code docs/evaluation.md}; {@code testdata/eval/results-sample.json} is evaluate's sample.
 *
 * @param model the evaluated encoder (and the pretraining run, when known)
 * @param data the train and test data descriptions (kept as JSON: fingerprints, counts, paths)
 * @param protocol labels per class, repeats, probes, seed
 * @param classes class names, indexed by label
 * @param results one row per (encoder, probe, labels per class)
 * @param detail per-class numbers, confusion matrix and ROC of one configuration
 * @param wallSeconds how long the evaluation took
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EvalResults(String format, Model model, Data data, Protocol protocol, List<String> classes,
    List<Row> results, Detail detail, Double wallSeconds) {
  /** The encoder that was evaluated. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Model(String path, String sha256, String recipe, String method, String run, Long checkpointStep) {}

  /** The data sets; {@link #path} reads a path out of either. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Data(JsonNode train, JsonNode test) {
    /** The {@code path} field of {@code which} (train or test), if it has one. */
    public static Optional<String> path(JsonNode which) {
      return which != null && which.hasNonNull("path") ? Optional.of(which.get("path").asText()) : Optional.empty();
    }
  }

  /** The low-label protocol. {@code labelsPerClass} holds numbers and {@code "all"}, as strings. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Protocol(List<String> labelsPerClass, Integer repeats, List<String> probes, Long seed, Double lambda) {}

  /** A mean with its spread and 95% confidence interval; any part may be missing. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Stat(Double mean, Double std, Double ciLow, Double ciHigh) {}

  /** One (encoder, probe, labels per class) configuration. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Row(String encoder, String probe, String labelsPerClass, Stat accuracy, Stat auc,
      Stat balancedAccuracy) {
    /** Labels per class as a number for plotting; {@code all} → {@code allValue}. */
    public double labelsValue(double allValue) {
      return "all".equals(labelsPerClass) ? allValue : Double.parseDouble(labelsPerClass);
    }
  }

  /** One class's numbers. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PerClass(@JsonAlias({"class", "label"}) String name, Double precision, Double recall, Double f1, Long support, Double auc) {}

  /** One class's one-vs-rest ROC curve. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Roc(@JsonAlias({"class", "label"}) String name, List<Double> fpr, List<Double> tpr, Double auc) {}

  /** Everything about one configuration beyond its headline numbers. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Detail(String encoder, String probe, String labelsPerClass, List<PerClass> perClass,
      List<List<Long>> confusion, List<Roc> roc, Double ece, List<Bin> reliability, List<String> aucSkipped,
      Double top5) {}

  /** One bin of the reliability diagram: mean top-class probability and the accuracy of its samples. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Bin(Double lo, Double hi, Long count, Double confidence, Double accuracy) {}

  private static final ObjectMapper JSON = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
      .configure(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY, true);

  /** Reads {@code file}; a file that is not JSON of this shape is the user's problem (exit 2). */
  public static EvalResults read(Path file) throws IOException {
    EvalResults r;
    try {
      r = JSON.readValue(file.toFile(), EvalResults.class);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new UserInputException(file + ": not an evaluation results file ("
          + e.getOriginalMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (r.format() != null && !r.format().startsWith("autodidact-eval/")) {
      throw new UserInputException(file + ": format is " + r.format() + ", expected autodidact-eval/1");
    }
    return r;
  }

  /** Rows, never null. */
  public List<Row> rows() {
    return results == null ? List.of() : results;
  }

  /** Class names, never null. */
  public List<String> classNames() {
    return classes == null ? List.of() : classes;
  }

  /** The rows of one encoder ({@code pretrained}, {@code random}), in file order. */
  public List<Row> rows(String encoder) {
    List<Row> out = new ArrayList<>();
    for (Row r : rows()) {
      if (encoder.equals(r.encoder())) {
        out.add(r);
      }
    }
    return out;
  }

  /** Probe names in first-seen order. */
  public List<String> probes() {
    return rows().stream().map(Row::probe).distinct().toList();
  }

  /** Labels-per-class values in first-seen order. */
  public List<String> labelCounts() {
    return rows().stream().map(Row::labelsPerClass).distinct().toList();
  }

  /** The row for (encoder, probe, labels), if present. */
  public Optional<Row> find(String encoder, String probe, String labels) {
    return rows().stream()
        .filter(r -> encoder.equals(r.encoder()) && probe.equals(r.probe()) && labels.equals(r.labelsPerClass()))
        .findFirst();
  }

  /** Keys and values of the model block for a small facts table. */
  public Map<String, String> modelFacts() {
    if (model == null) {
      return Map.of();
    }
    java.util.LinkedHashMap<String, String> m = new java.util.LinkedHashMap<>();
    if (model.recipe() != null) {
      m.put("recipe", model.recipe());
    }
    if (model.method() != null) {
      m.put("method", model.method());
    }
    if (model.sha256() != null) {
      m.put("model SHA-256", model.sha256().length() > 16 ? model.sha256().substring(0, 16) + "…" : model.sha256());
    }
    return m;
  }
}
