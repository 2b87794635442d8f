package dev.autodidact.autodiff;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.mul;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Graph-level behaviour of autodiff: fan-out, stop-gradient, index inputs, unreachable tensors. */
class GradientsTest {
  private static Map<String, TensorData> run(Graph g, Map<String, TensorData> in) throws Exception {
    try (ModelRunner r = new ModelRunner(g.toModel(), Device.CPU)) {
      return r.run(in);
    }
  }

  @Test
  void fanOutSumsAndStopGradientBlocks() throws Exception {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.DOUBLE, Shape.of(3));
    // loss = Σ (x·x + x + stop(x)·x): d/dx = 2x + 1 + stop(x) (the stopped branch contributes only as a constant).
    Tensor loss = Reduce.reduceSum(add(add(mul(x, x), x), mul(g.stopGradient(x), x)), false);
    g.output("dx", Gradients.of(loss, List.of(x)).get(x));
    double[] dx = run(g, Map.of("x", TensorData.doubles(Shape.of(3), 1, 2, 3))).get("dx").toDoubles();
    assertArrayEquals(new double[] {4, 7, 10}, dx, 1e-12);
  }

  @Test
  void indicesGetNoGradientAndUnusedInputsGetZeros() throws Exception {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.DOUBLE, Shape.of(4));
    Tensor unused = g.input("u", DType.DOUBLE, Shape.of(2));
    Tensor idx = g.input("i", DType.INT64, Shape.of(3));
    Tensor loss = Reduce.reduceSum(Index.gather(x, idx, 0), false);
    Map<Tensor, Tensor> gr = Gradients.of(loss, List.of(x, unused));
    g.output("dx", gr.get(x));
    g.output("du", gr.get(unused));
    Map<String, TensorData> out = run(g, Map.of("x", TensorData.doubles(Shape.of(4), 1, 2, 3, 4),
        "u", TensorData.doubles(Shape.of(2), 5, 6), "i", TensorData.longs(Shape.of(3), 0, 2, 2)));
    assertArrayEquals(new double[] {1, 0, 2, 0}, out.get("dx").toDoubles(), 0);
    assertArrayEquals(new double[] {0, 0}, out.get("du").toDoubles(), 0);
  }

  @Test
  void lossMustBeScalarAndOpsMustHaveRules() {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.DOUBLE, Shape.of(3));
    assertThrows(IllegalArgumentException.class, () -> Gradients.of(x, List.of(x)));
    Tensor y = g.op("Round", List.of(x), Map.of(), DType.DOUBLE, x.shape());
    Tensor loss = Reduce.reduceSum(y, false);
    var e = assertThrows(UnsupportedOperationException.class, () -> Gradients.of(loss, List.of(x)));
    assertTrue(e.getMessage().contains("no gradient rule for op Round"), e.getMessage());
  }
}
