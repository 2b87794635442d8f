package dev.autodidact.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The linear probe against scikit-learn's lbfgs on the same objective (tools/reference/eval_probe.py). */
class LinearProbeTest {
  private static final ProbeFixture F = ProbeFixture.load();

  private void check(String name, float[][] x, int[] y) {
    LinearProbe.Model m = LinearProbe.fit(x, y, 10, LinearProbe.Options.DEFAULT);
    assertTrue(m.converged(), name + " converged after " + m.iterations());
    double[][] p = m.predict(F.features("test_features"));
    int[] yt = F.ints("test_labels");
    double want = F.summary.get(name).get("accuracy").asDouble();
    assertEquals(want, ProbeFixture.accuracy(p, yt), 0.002, name + ": test accuracy within 0.2 pt of scikit-learn");
    assertEquals(F.summary.get(name).get("objective").asDouble(), m.objective(), 1e-6, name + ": same minimum");
    double[][] ref = F.probs(name);
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      for (int c = 0; c < 10; c++) {
        worst = Math.max(worst, Math.abs(ref[i][c] - p[i][c]));
      }
    }
    assertTrue(worst < 1e-3, name + ": probabilities differ by " + worst);
  }

  @Test
  void allLabelsMatchScikitLearn() {
    check("linear_all", F.features("train_features"), F.ints("train_labels"));
  }

  @Test
  void tenPerClassMatchesScikitLearn() {
    float[][] x = F.features("train_features");
    int[] y = F.ints("train_labels");
    int[] sub = F.ints("subset10");
    float[][] xs = new float[sub.length][];
    int[] ys = new int[sub.length];
    for (int i = 0; i < sub.length; i++) {
      xs[i] = x[sub[i]];
      ys[i] = y[sub[i]];
    }
    check("linear10", xs, ys);
  }

  @Test
  void sameInputSameModel() {
    float[][] x = F.features("train_features");
    int[] y = F.ints("train_labels");
    LinearProbe.Model a = LinearProbe.fit(x, y, 10, LinearProbe.Options.DEFAULT.withLambda(1e-2));
    LinearProbe.Model b = LinearProbe.fit(x, y, 10, LinearProbe.Options.DEFAULT.withLambda(1e-2));
    assertArrayEquals(a.weights(), b.weights());
    assertArrayEquals(a.bias(), b.bias());
  }
}
