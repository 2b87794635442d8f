package dev.autodidact.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** kNN against the numpy reference of tools/reference/eval_probe.py. */
class KnnTest {
  @Test
  void matchesReferenceForK20AndK200() {
    ProbeFixture f = ProbeFixture.load();
    int[] yt = f.ints("test_labels");
    double[][][] p;
    try (Knn knn = Knn.of(f.features("train_features"), f.ints("train_labels"), 10, 200, 1)) {
      p = knn.predict(f.features("test_features"), new int[] {20, 200}, 0.07);
    }
    int[] ks = {20, 200};
    for (int j = 0; j < ks.length; j++) {
      String name = "knn" + ks[j];
      double[][] ref = f.probs(name);
      assertEquals(f.summary.get(name).get("accuracy").asDouble(), ProbeFixture.accuracy(p[j], yt), 0.002, name);
      int close = 0;
      for (int i = 0; i < ref.length; i++) {
        double worst = 0;
        for (int c = 0; c < 10; c++) {
          worst = Math.max(worst, Math.abs(ref[i][c] - p[j][i][c]));
        }
        close += worst < 1e-4 ? 1 : 0;
      }
      // float32 similarities may order a near-tie at the k-th neighbour differently, rarely
      assertTrue(close >= ref.length - 3, name + ": " + close + " of " + ref.length + " rows match");
    }
  }

  @Test
  void oneNeighbourIsTheNearestAndClosedRefuses() {
    float[][] bank = {{1, 0}, {0, 1}, {-1, 0}};
    int[] y = {0, 1, 2};
    Knn knn = Knn.of(bank, y, 3, 5, 1); // k capped at the bank size
    double[][][] p = knn.predict(new float[][] {{0.1f, 2f}, {-3f, 0.2f}}, new int[] {1, 3}, 0.07);
    assertEquals(1.0, p[0][0][1], 1e-12);
    assertEquals(1.0, p[0][1][2], 1e-12);
    assertTrue(p[1][0][1] > p[1][0][0] && p[1][0][0] > p[1][0][2], "closer neighbours weigh more");
    knn.close();
    assertThrows(IllegalStateException.class, () -> knn.predict(bank, new int[] {1}, 0.07));
  }
}
