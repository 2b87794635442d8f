package dev.autodidact.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Metrics against scikit-learn's values in testdata/reference/eval/metrics.json. */
class MetricsTest {
  private static final double EPS = 1e-12;
  private static JsonNode fixture;

  @BeforeAll
  static void load() throws IOException {
    fixture = new ObjectMapper().readTree(Path.of("testdata/reference/eval/metrics.json").toFile());
  }

  private static JsonNode kase(String name) {
    for (JsonNode c : fixture.get("cases")) {
      if (c.get("name").asText().equals(name)) {
        return c;
      }
    }
    throw new AssertionError("no case " + name);
  }

  static int[] labels(JsonNode c) {
    int[] y = new int[c.get("labels").size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = c.get("labels").get(i).asInt();
    }
    return y;
  }

  static double[][] matrix(JsonNode m) {
    double[][] p = new double[m.size()][];
    for (int i = 0; i < p.length; i++) {
      p[i] = new double[m.get(i).size()];
      for (int k = 0; k < p[i].length; k++) {
        p[i][k] = m.get(i).get(k).asDouble();
      }
    }
    return p;
  }

  static List<String> strings(JsonNode a) {
    List<String> s = new ArrayList<>();
    a.forEach(n -> s.add(n.asText()));
    return s;
  }

  private static Metrics.Report measure(JsonNode c) {
    return Metrics.of(labels(c), matrix(c.get("probs")), strings(c.get("classes")));
  }

  private static void assertMatches(JsonNode c, Metrics.Report r) {
    assertEquals(c.get("accuracy").asDouble(), r.accuracy(), EPS, "accuracy");
    assertEquals(c.get("balanced_accuracy").asDouble(), r.balancedAccuracy(), EPS, "balanced accuracy");
    assertEquals(c.get("macro_auc").asDouble(), r.macroAuc(), 1e-12, "macro AUC");
    if (c.has("sklearn_ovr_macro_auc")) {
      assertEquals(c.get("sklearn_ovr_macro_auc").asDouble(), r.macroAuc(), 1e-12, "roc_auc_score(ovr, macro)");
    }
    for (int k = 0; k < r.classes().size(); k++) {
      JsonNode want = c.get("auc_per_class").get(Integer.toString(k));
      if (want == null) {
        assertNull(r.aucPerClass().get(k), "class " + k + " has no AUC");
      } else {
        assertEquals(want.asDouble(), r.aucPerClass().get(k), 1e-12, "AUC of class " + k);
      }
      Metrics.ClassResult pc = r.perClass().get(k);
      assertEquals(c.get("precision").get(k).asDouble(), pc.precision(), EPS, "precision " + k);
      assertEquals(c.get("recall").get(k).asDouble(), pc.recall(), EPS, "recall " + k);
      assertEquals(c.get("f1").get(k).asDouble(), pc.f1(), EPS, "f1 " + k);
      assertEquals(c.get("support").get(k).asInt(), pc.support(), "support " + k);
      for (int j = 0; j < r.classes().size(); j++) {
        assertEquals(c.get("confusion").get(k).get(j).asInt(), r.confusion()[k][j], "confusion " + k + "," + j);
      }
    }
    assertEquals(strings(c.get("auc_skipped")), r.aucSkipped());
    assertEquals(c.get("ece").asDouble(), r.calibration().ece(), 1e-12, "ECE");
    if (c.has("top5")) {
      assertEquals(c.get("top5").asDouble(), r.top5(), EPS, "top-5");
    } else {
      assertNull(r.top5());
    }
  }

  @Test
  void tiedScoresMatchScikitLearn() {
    JsonNode c = kase("ties");
    assertMatches(c, measure(c));
  }

  @Test
  void classAbsentFromTestSetIsSkippedForAucAndNamed() {
    JsonNode c = kase("absent-class");
    Metrics.Report r = measure(c);
    assertMatches(c, r);
    assertEquals(List.of("sandal"), r.aucSkipped());
    assertEquals(r.classes().size() - 1, r.roc().size());
  }

  @Test
  void binaryMatchesScikitLearn() {
    JsonNode c = kase("binary");
    assertMatches(c, measure(c));
  }

  @Test
  void singleClassTestSetIsAClearError() {
    int[] y = {1, 1, 1};
    double[][] p = {{0.2, 0.8}, {0.6, 0.4}, {0.1, 0.9}};
    UserInputException e = assertThrows(UserInputException.class, () -> Metrics.of(y, p, List.of("normal", "pneumonia")));
    assertTrue(e.getMessage().contains("single class ('pneumonia'"), e.getMessage());
  }

  @Test
  void rocCurveRunsFromOriginToOneAndItsAreaIsTheAuc() {
    JsonNode c = kase("binary");
    Metrics.Report r = measure(c);
    for (Metrics.RocCurve curve : r.roc()) {
      double[] f = curve.fpr();
      double[] t = curve.tpr();
      assertEquals(0, f[0]);
      assertEquals(0, t[0]);
      assertEquals(1, f[f.length - 1], EPS);
      assertEquals(1, t[t.length - 1], EPS);
      double area = 0;
      for (int i = 1; i < f.length; i++) {
        area += (f[i] - f[i - 1]) * (t[i] + t[i - 1]) / 2;
      }
      assertEquals(curve.auc(), area, 1e-12, "trapezoids through tied thresholds give the AUC");
    }
  }

  @Test
  void multiLabelAucsMatchScikitLearn() {
    JsonNode m = fixture.get("multilabel");
    double[][] t = matrix(m.get("targets"));
    boolean[][] targets = new boolean[t.length][];
    for (int i = 0; i < t.length; i++) {
      targets[i] = new boolean[t[i].length];
      for (int k = 0; k < t[i].length; k++) {
        targets[i][k] = t[i][k] == 1;
      }
    }
    MultiLabelMetrics.Report r = MultiLabelMetrics.of(targets, matrix(m.get("scores")), strings(m.get("labels")));
    assertEquals(m.get("mean_auc").asDouble(), r.meanAuc(), 1e-12);
    assertEquals(List.of("fracture"), r.skipped());
    assertEquals(m.get("auc_per_label").get("1").asDouble(), r.aucPerLabel().get(1), 1e-12);
  }

  @Test
  void bootstrapIsSeededAndBracketsTheEstimate() {
    JsonNode c = kase("absent-class");
    int[] y = labels(c);
    double[][] p = matrix(c.get("probs"));
    Metrics.Report r = measure(c);
    Metrics.Intervals a = Bootstrap.intervals(y, p, 5L, 1000);
    Metrics.Intervals b = Bootstrap.intervals(y, p, 5L, 1000);
    Metrics.Intervals other = Bootstrap.intervals(y, p, 6L, 1000);
    assertEquals(a, b);
    assertNotEquals(a.accuracy(), other.accuracy());
    assertTrue(a.accuracy().low() < r.accuracy() && r.accuracy() < a.accuracy().high(), a.toString());
    assertTrue(a.macroAuc().low() < r.macroAuc() && r.macroAuc() < a.macroAuc().high(), a.toString());
    // n = 400, acc ≈ 0.33: the normal approximation's half-width is ≈ 1.96·sqrt(p(1-p)/n) ≈ 0.046
    double half = (a.accuracy().high() - a.accuracy().low()) / 2;
    assertEquals(1.96 * Math.sqrt(r.accuracy() * (1 - r.accuracy()) / y.length), half, 0.01);
  }

  @Test
  void weightedAucEqualsAucOfTheDuplicatedSamples() {
    boolean[] pos = {true, false, true, false, true, false};
    double[] s = {0.9, 0.9, 0.3, 0.1, 0.5, 0.5};
    int[] w = {2, 1, 0, 3, 1, 2};
    List<Boolean> dp = new ArrayList<>();
    List<Double> ds = new ArrayList<>();
    for (int i = 0; i < pos.length; i++) {
      for (int j = 0; j < w[i]; j++) {
        dp.add(pos[i]);
        ds.add(s[i]);
      }
    }
    boolean[] p2 = new boolean[dp.size()];
    double[] s2 = new double[ds.size()];
    for (int i = 0; i < p2.length; i++) {
      p2[i] = dp.get(i);
      s2[i] = ds.get(i);
    }
    assertEquals(Roc.of(p2, s2).auc(), Roc.of(pos, s).auc(w), 1e-15);
    // by hand: positives 0.9 x2, 0.5 x1 against negatives 0.9, 0.1 x3, 0.5 x2:
    // 0.9 beats 5 and ties 1 -> 5.5 each (x2 = 11); 0.5 beats 3, ties 2 -> 4; (11 + 4) / (3 * 6)
    assertEquals(15.0 / 18.0, Roc.of(pos, s).auc(w), 1e-15);
    assertArrayEquals(new int[] {3, 3}, Roc.of(pos, s).counts());
  }
}
