package dev.autodidact.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.autodiff.Gradients;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import dev.autodidact.testutil.Fixtures;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** NT-Xent in the graph against a straightforward Java loop and against PyTorch's losses fixture. */
class NtXentLossTest {
  /** Runs the graph loss on h; returns {loss, grad_h}. */
  static TensorData[] graphLoss(TensorData h, double tau) throws Exception {
    Graph g = new Graph("ntxent");
    Tensor in = g.input("h", DType.FLOAT, h.shape());
    Tensor loss = new NtXentLoss(tau).apply(in);
    g.output("loss", loss);
    g.output("grad", Gradients.of(loss, java.util.List.of(in)).get(in));
    try (ModelRunner r = new ModelRunner(g.toModel(), Device.CPU)) {
      Map<String, TensorData> out = r.run(Map.of("h", h));
      return new TensorData[] {out.get("loss"), out.get("grad")};
    }
  }

  /** The textbook loss in float64: normalize, cosine logits / τ, drop the diagonal, CE on i±B, mean. */
  static double reference(double[][] h, double tau) {
    int n2 = h.length;
    int b = n2 / 2;
    double[][] z = new double[n2][];
    for (int i = 0; i < n2; i++) {
      double s = 0;
      for (double v : h[i]) {
        s += v * v;
      }
      double norm = Math.max(Math.sqrt(s), 1e-12);
      z[i] = new double[h[i].length];
      for (int d = 0; d < h[i].length; d++) {
        z[i][d] = h[i][d] / norm;
      }
    }
    double total = 0;
    for (int i = 0; i < n2; i++) {
      int pos = i < b ? i + b : i - b;
      double max = Double.NEGATIVE_INFINITY;
      double[] logit = new double[n2];
      for (int j = 0; j < n2; j++) {
        double dot = 0;
        for (int d = 0; d < z[i].length; d++) {
          dot += z[i][d] * z[j][d];
        }
        logit[j] = dot / tau;
        if (j != i) {
          max = Math.max(max, logit[j]);
        }
      }
      double sum = 0;
      for (int j = 0; j < n2; j++) {
        if (j != i) {
          sum += Math.exp(logit[j] - max);
        }
      }
      total += max + Math.log(sum) - logit[pos];
    }
    return total / n2;
  }

  @ParameterizedTest
  @CsvSource({"1,4,0.5", "2,3,0.1", "3,5,0.2", "4,8,0.5", "8,16,1.0", "16,32,0.07", "5,2,2.0"})
  void matchesJavaReference(int b, int d, double tau) throws Exception {
    SplittableRandom rng = new SplittableRandom(b * 31L + d);
    double[][] h = new double[2 * b][d];
    float[] flat = new float[2 * b * d];
    for (int i = 0; i < 2 * b; i++) {
      for (int k = 0; k < d; k++) {
        float v = (float) (rng.nextDouble() * 2 - 1);
        h[i][k] = v;
        flat[i * d + k] = v;
      }
    }
    TensorData[] got = graphLoss(TensorData.floats(Shape.of(2 * b, d), flat), tau);
    double ref = reference(h, tau);
    assertEquals(ref, got[0].getDouble(0), 1e-5 * Math.max(1, Math.abs(ref)), "B=" + b + " D=" + d + " tau=" + tau);
    // Gradient: central differences of the float64 reference on a few elements.
    for (int k = 0; k < Math.min(6, flat.length); k++) {
      int i = (k * 7) % (2 * b);
      int j = (k * 3) % d;
      double e = 1e-6;
      h[i][j] += e;
      double up = reference(h, tau);
      h[i][j] -= 2 * e;
      double down = reference(h, tau);
      h[i][j] += e;
      assertEquals((up - down) / (2 * e), got[1].getDouble(i * d + j), 2e-4 * Math.max(1, 1 / tau));
    }
  }

  @Test
  void matchesPyTorchFixture() throws Exception {
    Map<String, TensorData> ref = Fixtures.tensors("losses");
    JsonNode cases = Fixtures.json("losses").get("ntxent");
    assertTrue(cases.size() >= 8);
    for (JsonNode c : cases) {
      String k = "ntxent/" + c.get("case").asInt() + "/";
      TensorData[] got = graphLoss(ref.get(k + "h"), c.get("temperature").asDouble());
      double lossErr = Fixtures.relErr(got[0], ref.get(k + "loss"));
      double gradErr = Fixtures.relErr(got[1], ref.get(k + "grad_h"));
      assertTrue(lossErr <= 1e-4 && gradErr <= 1e-4, k + " loss err " + lossErr + " grad err " + gradErr);
    }
  }

  @Test
  void validatesTemperature() {
    assertThrows(IllegalArgumentException.class, () -> new NtXentLoss(0));
    assertThrows(IllegalArgumentException.class, () -> new NtXentLoss(-1));
    assertThrows(IllegalArgumentException.class, () -> new NtXentLoss(Double.NaN));
    assertEquals(0.5, new NtXentLoss().temperature());
  }
}
