package dev.autodidact.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** MAE loss in the graph against a Java loop and PyTorch's losses fixture; masking index properties. */
class MaeLossTest {
  static TensorData[] graphLoss(TensorData pred, TensorData target, TensorData mask, boolean norm) throws Exception {
    Graph g = new Graph("mae");
    Tensor p = g.input("pred", DType.FLOAT, pred.shape());
    Tensor t = g.input("target", DType.FLOAT, target.shape());
    Tensor m = g.input("mask", DType.FLOAT, mask.shape());
    Tensor loss = new MaeLoss(norm).apply(p, t, m);
    g.output("loss", loss);
    g.output("grad", Gradients.of(loss, List.of(p)).get(p));
    try (ModelRunner r = new ModelRunner(g.toModel(), Device.CPU)) {
      Map<String, TensorData> out = r.run(Map.of("pred", pred, "target", target, "mask", mask));
      return new TensorData[] {out.get("loss"), out.get("grad")};
    }
  }

  static double reference(float[] pred, float[] target, float[] mask, int n, int l, int p, boolean norm) {
    double num = 0;
    double den = 0;
    for (int i = 0; i < n * l; i++) {
      double mean = 0;
      for (int k = 0; k < p; k++) {
        mean += target[i * p + k];
      }
      mean /= p;
      double var = 0;
      for (int k = 0; k < p; k++) {
        var += (target[i * p + k] - mean) * (target[i * p + k] - mean);
      }
      var /= p - 1;
      double se = 0;
      for (int k = 0; k < p; k++) {
        double t = norm ? (target[i * p + k] - mean) / Math.sqrt(var + 1e-6) : target[i * p + k];
        se += (pred[i * p + k] - t) * (pred[i * p + k] - t);
      }
      num += se / p * mask[i];
      den += mask[i];
    }
    return num / den;
  }

  @ParameterizedTest
  @CsvSource({"2,16,12,0.75,true", "2,16,12,0.75,false", "3,49,16,0.75,true", "1,4,4,0.5,true", "4,64,48,0.9,false"})
  void matchesJavaReference(int n, int l, int p, double ratio, boolean norm) throws Exception {
    SplittableRandom rng = new SplittableRandom(n * 1000L + l + p);
    float[] pred = new float[n * l * p];
    float[] target = new float[n * l * p];
    for (int i = 0; i < pred.length; i++) {
      pred[i] = (float) rng.nextDouble(-1, 1);
      target[i] = (float) rng.nextDouble(0, 3);
    }
    float[] mask = MaeMasking.draw(rng, n, l, ratio).mask();
    Shape s = Shape.of(n, l, p);
    TensorData[] got = graphLoss(TensorData.floats(s, pred), TensorData.floats(s, target),
        TensorData.floats(Shape.of(n, l), mask), norm);
    double ref = reference(pred, target, mask, n, l, p, norm);
    assertEquals(ref, got[0].getDouble(0), 1e-5 * Math.max(1, ref));
    // d loss / d pred = 2·(pred − t)·mask / (P·Σmask): zero on visible patches.
    for (int i = 0; i < n * l; i++) {
      if (mask[i] == 0) {
        assertEquals(0.0, got[1].getDouble(i * p), 0.0);
      }
    }
  }

  @Test
  void matchesPyTorchFixture() throws Exception {
    Map<String, TensorData> ref = Fixtures.tensors("losses");
    JsonNode cases = Fixtures.json("losses").get("mae");
    assertTrue(cases.size() >= 7);
    for (JsonNode c : cases) {
      String k = "mae/" + c.get("case").asInt() + "/";
      TensorData[] got = graphLoss(ref.get(k + "pred"), ref.get(k + "target"), ref.get(k + "mask"),
          c.get("norm_pix_loss").asBoolean());
      double lossErr = Fixtures.relErr(got[0], ref.get(k + "loss"));
      double gradErr = Fixtures.relErr(got[1], ref.get(k + "grad_pred"));
      assertTrue(lossErr <= 1e-4 && gradErr <= 1e-4, k + " loss err " + lossErr + " grad err " + gradErr);
      // The fixture's mask is MAE's ids_restore >= len_keep.
      long[] restore = ref.get(k + "ids_restore").toLongs();
      float[] mask = ref.get(k + "mask").toFloats();
      for (int i = 0; i < restore.length; i++) {
        assertEquals(restore[i] >= c.get("len_keep").asInt() ? 1f : 0f, mask[i]);
      }
    }
  }

  @Test
  void maskingIndicesAreConsistentPermutations() {
    MaeMasking.Ids ids = MaeMasking.draw(42L, 5, 49, 0.75);
    assertEquals(12, ids.lenKeep());
    float[] mask = ids.mask();
    for (int i = 0; i < 5; i++) {
      boolean[] seen = new boolean[49];
      int removed = 0;
      for (int j = 0; j < 49; j++) {
        int r = (int) ids.idsRestore()[i * 49 + j];
        assertTrue(!seen[r]);
        seen[r] = true;
        removed += (int) mask[i * 49 + j];
      }
      assertEquals(49 - 12, removed);
      for (int k = 0; k < 12; k++) {
        int patch = (int) ids.idsKeep()[i * 12 + k];
        assertEquals(k, ids.idsRestore()[i * 49 + patch], "ids_restore inverts the shuffle");
        assertEquals(0f, mask[i * 49 + patch]);
      }
    }
    assertEquals(ids, ids);
    MaeMasking.Ids again = MaeMasking.draw(42L, 5, 49, 0.75);
    assertTrue(java.util.Arrays.equals(ids.idsKeep(), again.idsKeep()), "same seed, same mask");
    assertEquals(Shape.of(5, 12), ids.idsKeepTensor().shape());
    assertEquals(3, MaeMasking.lenKeep(4, 0.25));
    assertEquals(16, MaeMasking.lenKeep(64, 0.75));
  }
}
