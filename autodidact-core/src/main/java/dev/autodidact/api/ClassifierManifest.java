package dev.autodidact.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.Preprocessing;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.data.DataFingerprint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code model.json}: the manifest of an exported classifier ({@code model.onnx}), written by
 * {@code export-classifier} and read by {@link dev.autodidact.Predictor}. This record is the only writer
 * and the only reader of the format, so the two cannot drift. Schema (also in {@code docs/api.md}):
 *
 * <pre>{@code
 * {"format": "autodidact-classifier/1", "model": "model.onnx", "sha256": "<hex>",
 *  "preprocessing": {<Preprocessing, as in encoder.json>},
 *  "input": {"name": "x", "shape": "[N, C, H, W]"}, "output": {"name": "probabilities", "shape": "[N, K]"},
 *  "classes": ["a", "b"], "multi_label": false, "thresholds": [0.5, 0.5] (multi-label only),
 *  "validation": {"accuracy": 0.91} (optional), "source": {...} (optional),
 *  "data": {"train": {<DataFingerprint>}, "validation": {<DataFingerprint>}} (each optional),
 *  "library_version": "..."}
 * }</pre>
 *
 * <p>The graph's output is already a probability: softmax over classes (single-label) or a sigmoid per
 * class (multi-label).
 *
 * <pre>{@code
 * ClassifierManifest m = new ClassifierManifest("model.onnx", sha, pre, "x", "[N, 1, 28, 28]", "probabilities",
 *     "[N, 10]", classes, false, List.of(), Map.of("accuracy", 0.9), Map.of("checkpoint", "runs/ft"), trainFp, valFp,
 *     version);
 * m.write(dir.resolve("model.json"));
 * ClassifierManifest back = ClassifierManifest.read(dir.resolve("model.json"));
 * }</pre>
 *
 * @param model the ONNX file name, relative to the JSON's folder
 * @param sha256 the model file's SHA-256 (hex)
 * @param preprocessing the eval input contract
 * @param inputName the image input's name
 * @param inputShape the input's shape, as text
 * @param outputName the probability output's name
 * @param outputShape its shape, as text
 * @param classes class names, in output order
 * @param multiLabel true when each class is an independent yes/no (sigmoid outputs)
 * @param thresholds per-class decision thresholds in (0, 1); one per class when multi-label, else empty
 * @param validation metrics measured at export (may be empty)
 * @param source where the model came from, free-form (may be empty); held as its JSON reads back, so a
 *     written manifest equals the one read from its file
 * @param trainingData the data the classifier was trained on, as {@code trainer.json} records it (null: unknown)
 * @param validationData the data its validation metrics were measured on (null: unknown)
 * @param libraryVersion the Autodidact version that wrote it
 */
public record ClassifierManifest(String model, String sha256, Preprocessing preprocessing, String inputName,
    String inputShape, String outputName, String outputShape, List<String> classes, boolean multiLabel,
    List<Double> thresholds, Map<String, Double> validation, Map<String, Object> source, DataFingerprint trainingData,
    DataFingerprint validationData, String libraryVersion) {
  /** The format this version writes and the only one it reads. */
  public static final String FORMAT = "autodidact-classifier/1";
  /** The default file name. */
  public static final String FILE_NAME = "model.json";
  /** The output name the graph must have. */
  public static final String OUTPUT = "probabilities";

  /**
   * Checks the fields.
   *
   * @throws UserInputException naming the field for a missing or inconsistent value
   */
  public ClassifierManifest {
    if (preprocessing == null) {
      throw new UserInputException("field 'preprocessing' is required");
    }
    if (classes == null) {
      throw new UserInputException("field 'classes' is required");
    }
    classes = List.copyOf(classes);
    thresholds = thresholds == null ? List.of() : List.copyOf(thresholds);
    validation = validation == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(validation));
    source = source == null ? Map.of() : asJsonReadsBack(source);
    if (classes.size() < (multiLabel ? 1 : 2)) {
      throw new UserInputException("field 'classes': a " + (multiLabel ? "multi-label" : "single-label")
          + " classifier needs at least " + (multiLabel ? 1 : 2) + " classes, got " + classes);
    }
    if (new HashSet<>(classes).size() != classes.size()) {
      throw new UserInputException("field 'classes': names must be distinct, got " + classes);
    }
    if (multiLabel && thresholds.size() != classes.size()) {
      throw new UserInputException("field 'thresholds': a multi-label classifier needs one per class ("
          + classes.size() + "), got " + thresholds.size());
    }
    if (!multiLabel && !thresholds.isEmpty()) {
      throw new UserInputException("field 'thresholds' is for multi-label classifiers only");
    }
    for (double t : thresholds) {
      if (!(t > 0 && t < 1)) {
        throw new UserInputException("field 'thresholds': each must be in (0, 1), got " + thresholds);
      }
    }
  }

  /** The manifest's path for a model path: {@code model.onnx} → {@code model.json}. */
  public static Path pathFor(Path model) {
    return EncoderManifest.pathFor(model);
  }

  /** The manifest as a JSON object. */
  public ObjectNode toJsonNode() {
    ObjectMapper m = new ObjectMapper();
    ObjectNode o = m.createObjectNode();
    o.put("format", FORMAT);
    o.put("model", model);
    o.put("sha256", sha256);
    o.set("preprocessing", preprocessing.toJsonNode());
    ObjectNode in = o.putObject("input");
    in.put("name", inputName);
    in.put("shape", inputShape);
    ObjectNode out = o.putObject("output");
    out.put("name", outputName);
    out.put("shape", outputShape);
    classes.forEach(o.putArray("classes")::add);
    o.put("multi_label", multiLabel);
    if (multiLabel) {
      thresholds.forEach(o.putArray("thresholds")::add);
    }
    if (!validation.isEmpty()) {
      o.set("validation", m.valueToTree(new LinkedHashMap<>(validation)));
    }
    if (!source.isEmpty()) {
      o.set("source", m.valueToTree(source));
    }
    if (trainingData != null || validationData != null) {
      ObjectNode data = o.putObject("data");
      if (trainingData != null) {
        data.set("train", fingerprintJson(trainingData));
      }
      if (validationData != null) {
        data.set("validation", fingerprintJson(validationData));
      }
    }
    o.put("library_version", libraryVersion);
    return o;
  }

  /** Writes the manifest to {@code file} atomically. */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(toJsonNode()));
  }

  /** The model file this manifest describes, beside {@code file}. */
  public Path modelPath(Path file) {
    return file.resolveSibling(model);
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws UserInputException naming the file and field for a missing file, another format or a bad field
   */
  public static ClassifierManifest read(Path file) {
    JsonNode o = ManifestFields.readObject(file);
    String format = o.path("format").asText("");
    if (!FORMAT.equals(format)) {
      throw new UserInputException(file + ": format is '" + format + "', this version reads only '" + FORMAT
          + "' (written by another version of Autodidact?)");
    }
    ManifestFields f = new ManifestFields(file);
    Preprocessing p = f.preprocessing(o);
    JsonNode in = f.object(o, "input");
    JsonNode out = f.object(o, "output");
    List<String> classes = new ArrayList<>();
    JsonNode cs = o.get("classes");
    if (cs == null || !cs.isArray()) {
      throw new UserInputException(file + ": field 'classes' must be an array of names, got " + cs);
    }
    cs.forEach(c -> classes.add(c.asText()));
    JsonNode ml = o.get("multi_label");
    if (ml == null || !ml.isBoolean()) {
      throw new UserInputException(file + ": field 'multi_label' must be true or false, got " + ml);
    }
    List<Double> thresholds = new ArrayList<>();
    o.path("thresholds").forEach(t -> thresholds.add(t.asDouble()));
    Map<String, Double> validation = new LinkedHashMap<>();
    o.path("validation").fields().forEachRemaining(e -> validation.put(e.getKey(), e.getValue().asDouble()));
    Map<String, Object> source = new LinkedHashMap<>();
    if (o.has("source")) {
      source = new ObjectMapper().convertValue(f.object(o, "source"), LinkedHashMap.class);
    }
    JsonNode data = o.has("data") ? f.object(o, "data") : null;
    try {
      return new ClassifierManifest(f.text(o, "model"), f.text(o, "sha256"), p, f.text(in, "name"),
          in.path("shape").asText(""), f.text(out, "name"), out.path("shape").asText(""), classes, ml.asBoolean(),
          thresholds, validation, source, fingerprint(f, data, "train"), fingerprint(f, data, "validation"),
          o.path("library_version").asText(""));
    } catch (UserInputException e) {
      throw new UserInputException(file + ": " + e.getMessage(), e);
    }
  }

  private static ObjectNode fingerprintJson(DataFingerprint d) {
    ObjectNode n = new ObjectMapper().createObjectNode();
    n.put("path", d.path());
    n.put("kind", d.kind());
    n.put("items", d.items());
    n.put("sha256", d.sha256());
    n.put("basis", d.basis());
    return n;
  }

  private static DataFingerprint fingerprint(ManifestFields f, JsonNode data, String side) {
    if (data == null || !data.has(side)) {
      return null;
    }
    JsonNode n = f.object(data, side);
    if (!n.path("items").canConvertToInt() || n.path("items").asInt() < 0) {
      throw new UserInputException("field 'data." + side + ".items' must be a count, got " + n.get("items"));
    }
    return new DataFingerprint(f.text(n, "path"), f.text(n, "kind"), n.path("items").asInt(), f.text(n, "sha256"),
        n.path("basis").asText(""));
  }

  /** {@code source} as reading its JSON gives it back (numbers, nested objects), so equal manifests compare equal. */
  private static Map<String, Object> asJsonReadsBack(Map<String, Object> source) {
    ObjectMapper m = new ObjectMapper();
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> back = m.readValue(m.writeValueAsBytes(source), LinkedHashMap.class);
      return Collections.unmodifiableMap(back);
    } catch (IOException e) {
      throw new UserInputException("field 'source' cannot be written as JSON (" + e.getMessage() + ")", e);
    }
  }
}
