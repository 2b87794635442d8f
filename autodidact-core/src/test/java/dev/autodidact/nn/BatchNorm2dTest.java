package dev.autodidact.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * BatchNorm2d against plain-Java PyTorch semantics, with non-trivial running stats: a regression test for
 * ORT updating BN's mean/var inputs in place (which corrupted a naive running-var correction).
 */
class BatchNorm2dTest {
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"op", "decomposed"})
  void trainModeMatchesPyTorchRunningStats(String forward) throws Exception {
    int n = 3;
    int c = 4;
    int hw = 5;
    Graph g = new Graph("bn", dev.autodidact.onnx.BuildOptions.parse(Map.of("bn.forward", forward)));
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.TRAIN);
    Tensor x = g.input("x", DType.FLOAT, Shape.of(n, c, hw, hw));
    Tensor y;
    try (var s = mb.scope("bn")) {
      y = BatchNorm2d.apply(mb, "norm", x, 1e-5);
    }
    assertEquals(java.util.List.of("bn.norm.weight", "bn.norm.bias", "bn.norm.running_mean", "bn.norm.running_var"),
        mb.specs().stream().map(ParamSpec::name).toList());
    g.output("y", y);
    mb.bufferUpdates().forEach((k, v) -> g.output("new." + k, v));
    // Something else reading the old buffers must still see the old values.
    g.output("old_var", dev.autodidact.onnx.Elementwise.mul(mb.tensor("bn.norm.running_var"), 1.0));

    SplittableRandom rng = new SplittableRandom(3);
    float[] xs = new float[n * c * hw * hw];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = (float) (rng.nextDouble() * 4 - 1 + (i / (hw * hw)) % c);
    }
    float[] gamma = {1.5f, 0.5f, 1f, 2f};
    float[] beta = {0.1f, -0.2f, 0f, 0.3f};
    float[] rm = {0.5f, -1f, 2f, 0f};
    float[] rv = {2f, 0.5f, 1f, 3f};
    Map<String, TensorData> in = new LinkedHashMap<>();
    in.put("x", TensorData.floats(x.shape(), xs));
    in.put("bn.norm.weight", TensorData.floats(Shape.of(c), gamma));
    in.put("bn.norm.bias", TensorData.floats(Shape.of(c), beta));
    in.put("bn.norm.running_mean", TensorData.floats(Shape.of(c), rm));
    in.put("bn.norm.running_var", TensorData.floats(Shape.of(c), rv));
    Map<String, TensorData> out;
    try (ModelRunner r = new ModelRunner(g.toModel(), Device.CPU)) {
      out = r.run(in);
    }
    int m = n * hw * hw;
    float[] expectMean = new float[c];
    float[] expectVar = new float[c];
    for (int ch = 0; ch < c; ch++) {
      double s = 0;
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < hw * hw; k++) {
          s += xs[(i * c + ch) * hw * hw + k];
        }
      }
      double mean = s / m;
      double ss = 0;
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < hw * hw; k++) {
          double d = xs[(i * c + ch) * hw * hw + k] - mean;
          ss += d * d;
        }
      }
      double varB = ss / m;
      expectMean[ch] = (float) (0.9 * rm[ch] + 0.1 * mean);
      expectVar[ch] = (float) (0.9 * rv[ch] + 0.1 * ss / (m - 1));
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < hw * hw; k++) {
          int idx = (i * c + ch) * hw * hw + k;
          double e = gamma[ch] * (xs[idx] - mean) / Math.sqrt(varB + 1e-5) + beta[ch];
          assertEquals(e, out.get("y").getDouble(idx), 1e-4);
        }
      }
    }
    assertArrayEquals(expectMean, out.get("new.bn.norm.running_mean").toFloats(), 1e-5f);
    assertArrayEquals(expectVar, out.get("new.bn.norm.running_var").toFloats(), 1e-5f);
    assertArrayEquals(rv, out.get("old_var").toFloats(), 0f);
    assertEquals(forward.equals("op"), g.toModel().getGraph().getNodeList().stream()
        .anyMatch(nd -> nd.getOpType().equals("BatchNormalization")));
  }

  @Test
  void evalModeUsesRunningStatsAndUpdatesNothing() {
    Graph g = new Graph("bn");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.EVAL);
    Tensor x = g.input("x", DType.FLOAT, Shape.of(Shape.DYNAMIC, 2, 3, 3));
    Tensor y = BatchNorm2d.apply(mb, "bn", x, 1e-5);
    assertTrue(mb.bufferUpdates().isEmpty());
    assertEquals("BatchNormalization", y.producer().opType());
    assertEquals(Shape.DYNAMIC, y.dim(0));
  }
}
