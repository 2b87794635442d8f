package dev.autodidact.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shape inference and execution with a dynamic batch axis (encoder.onnx). */
class DynamicShapeTest {
  @Test
  void reshapeZeroCopiesADynamicDimAlongsideMinusOne() {
    Graph g = new Graph("r");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(Shape.DYNAMIC, 4, 3));
    // Used to fail: the copied −1 was taken for a second "infer" marker.
    assertEquals(Shape.of(Shape.DYNAMIC, Shape.DYNAMIC), ShapeOps.reshape(x, 0, -1).shape());
    assertEquals(Shape.of(Shape.DYNAMIC, 2, 6), ShapeOps.reshape(x, 0, 2, 6).shape());
  }

  @Test
  void expandToARuntimeBatch() throws Exception {
    Graph g = new Graph("e");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(Shape.DYNAMIC, 2));
    Tensor row = g.constant(TensorData.floats(Shape.of(1, 2), 5, 6));
    Tensor n = ShapeOps.slice(ShapeOps.shapeOf(x), 0, 0, 1);
    Tensor shape = ShapeOps.concat(0, n, g.longs(2));
    Tensor y = ShapeOps.expand(row, shape, Shape.of(Shape.DYNAMIC, 2));
    assertEquals(Shape.of(Shape.DYNAMIC, 2), y.shape());
    g.output("y", Elementwise.add(x, y));
    try (ModelRunner r = new ModelRunner(g.toModel(), Device.CPU)) {
      TensorData out = r.run(Map.of("x", TensorData.floats(Shape.of(3, 2), 0, 1, 2, 3, 4, 5))).get("y");
      assertArrayEquals(new float[] {5, 7, 7, 9, 9, 11}, out.toFloats());
    }
  }
}
