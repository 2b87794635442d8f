package dev.autodidact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.api.ClassifierManifest;
import dev.autodidact.testutil.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Predictor} on small classifiers exported as {@code model.onnx} + {@code model.json}. */
class PredictorTest {
  static final List<Path> IMAGES = List.of(Path.of("testdata/medical-like/chest-8bit.png"),
      Path.of("testdata/medical-like/chest-16bit.tif"), Path.of("testdata/images/rgb-8bit-37x23.png"),
      Path.of("testdata/images/gray-8bit-5x7.png"));
  static final List<String> CLASSES = List.of("normal", "effusion", "nodule");

  @TempDir Path dir;

  @Test
  void singleLabelGivesSoftmaxProbabilitiesAndTheirArgmax() throws Exception {
    Path json = Models.classifier(Models.TINY_GRAY, 3, CLASSES, false, dir);
    try (Predictor p = Predictor.load(dir.resolve("model.onnx"), InferenceOptions.cpu().withThreads(1))) {
      assertEquals(CLASSES, p.classes());
      List<Prediction> batch = p.predictFiles(IMAGES);
      assertEquals(IMAGES.size(), batch.size());
      List<String> tops = new ArrayList<>();
      for (int i = 0; i < IMAGES.size(); i++) {
        Prediction one = p.predict(IMAGES.get(i));
        Prediction b = batch.get(i);
        double sum = one.probabilities().stream().mapToDouble(Double::doubleValue).sum();
        assertEquals(1.0, sum, 1e-5, "softmax sums to 1");
        for (int k = 0; k < CLASSES.size(); k++) {
          assertEquals(one.probabilities().get(k), b.probabilities().get(k), 1e-5, "batched equals single");
          assertTrue(one.probabilities().get(k) <= one.topProbability());
        }
        assertEquals(List.of(one.topClass()), one.labels());
        assertEquals(one.topProbability(), one.probability(one.topClass()), 0);
        tops.add(one.topClass());
      }
      assertTrue(tops.stream().distinct().count() >= 1);
      assertThrows(IllegalArgumentException.class, () -> batch.get(0).probability("fracture"));
    }
    assertEquals("autodidact-classifier/1", new ObjectMapper().readTree(json.toFile()).get("format").asText());
  }

  @Test
  void multiLabelListsTheClassesAtOrAboveTheirThresholds() throws Exception {
    Models.classifier(Models.TINY_GRAY, 5, List.of("a", "b", "c", "d", "e", "f"), true, dir);
    ClassifierManifest m = ClassifierManifest.read(dir.resolve("model.json"));
    assertTrue(m.multiLabel());
    try (Predictor p = Predictor.load(dir, InferenceOptions.cpu().withThreads(1))) {
      assertTrue(p.multiLabel());
      int above = 0;
      int below = 0;
      for (Prediction pr : p.predictFiles(IMAGES)) {
        double sum = 0;
        for (int k = 0; k < 6; k++) {
          double v = pr.probabilities().get(k);
          sum += v;
          assertTrue(v > 0 && v < 1, "sigmoid outputs");
          boolean labelled = pr.labels().contains(p.classes().get(k));
          assertEquals(v >= 0.5, labelled, "class " + k + " at " + v);
          above += labelled ? 1 : 0;
          below += labelled ? 0 : 1;
        }
        assertTrue(Math.abs(sum - 1) > 1e-3, "independent sigmoids, not a softmax");
      }
      assertTrue(above > 0 && below > 0, "the head puts some classes on each side of 0.5");
    }
  }

  @Test
  void manifestRoundTripsAndRefusesBadFields() throws Exception {
    Path json = Models.classifier(Models.TINY_GRAY, 3, CLASSES, false, dir);
    ClassifierManifest m = ClassifierManifest.read(json);
    Path copy = dir.resolve("copy.json");
    m.write(copy);
    assertEquals(m, ClassifierManifest.read(copy));
    assertEquals(0.5, m.validation().get("accuracy"));

    ObjectMapper om = new ObjectMapper();
    ObjectNode o = (ObjectNode) om.readTree(json.toFile());
    o.putArray("classes").add("only-one");
    Files.write(copy, om.writeValueAsBytes(o));
    UserInputException e = assertThrows(UserInputException.class, () -> ClassifierManifest.read(copy));
    assertTrue(e.getMessage().contains("copy.json") && e.getMessage().contains("at least 2 classes"), e.getMessage());

    o = (ObjectNode) om.readTree(json.toFile());
    o.put("format", "autodidact-classifier/2");
    Files.write(copy, om.writeValueAsBytes(o));
    e = assertThrows(UserInputException.class, () -> ClassifierManifest.read(copy));
    assertTrue(e.getMessage().contains("autodidact-classifier/2"), e.getMessage());

    // The record itself refuses bad values as the user's input, naming the field.
    ClassifierManifest good = m;
    e = assertThrows(UserInputException.class, () -> new ClassifierManifest(good.model(), good.sha256(),
        good.preprocessing(), good.inputName(), good.inputShape(), good.outputName(), good.outputShape(),
        List.of("a", "a", "b"), false, List.of(), Map.of(), Map.of(), null, null, "test"));
    assertTrue(e.getMessage().contains("'classes'") && e.getMessage().contains("distinct"), e.getMessage());
    e = assertThrows(UserInputException.class, () -> new ClassifierManifest(good.model(), good.sha256(),
        good.preprocessing(), good.inputName(), good.inputShape(), good.outputName(), good.outputShape(),
        List.of("a", "b"), true, List.of(0.5, 1.5), Map.of(), Map.of(), null, null, "test"));
    assertTrue(e.getMessage().contains("'thresholds'"), e.getMessage());

    // Four classes in the manifest, three columns in the graph.
    o = (ObjectNode) om.readTree(json.toFile());
    o.putArray("classes").add("a").add("b").add("c").add("d");
    Files.write(json, om.writeValueAsBytes(o));
    e = assertThrows(UserInputException.class, () -> Predictor.load(json, InferenceOptions.cpu()));
    assertTrue(e.getMessage().contains("3 columns") && e.getMessage().contains("4 classes"), e.getMessage());
  }
}
