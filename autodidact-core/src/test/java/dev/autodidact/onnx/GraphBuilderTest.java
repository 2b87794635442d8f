package dev.autodidact.onnx;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.relu;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Shape inference, operand checks and their messages, naming, and model round trips. */
class GraphBuilderTest {
  private static String message(Runnable r) {
    return assertThrows(IllegalArgumentException.class, r::run).getMessage();
  }

  @Test
  void matMulMismatchNamesOpAndShapes() {
    Graph g = new Graph("t");
    Tensor a = g.input("a", DType.FLOAT, Shape.of(8, 512));
    Tensor b = g.input("b", DType.FLOAT, Shape.of(256, 128));
    assertEquals("MatMul: inner dims differ, [8,512] x [256,128]", message(() -> Linalg.matMul(a, b)));
  }

  @Test
  void broadcastFailureAndTypeMismatchAreReported() {
    Graph g = new Graph("t");
    Tensor a = g.input("a", DType.FLOAT, Shape.of(2, 3));
    Tensor b = g.input("b", DType.FLOAT, Shape.of(4));
    Tensor c = g.input("c", DType.DOUBLE, Shape.of(2, 3));
    assertEquals("Add: shapes don't broadcast, [2,3] and [4]", message(() -> add(a, b)));
    assertTrue(message(() -> add(a, c)).startsWith("Add: element types differ"));
  }

  @Test
  void convShapesAreInferred() {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(2, 3, 7, 7));
    Tensor w = g.input("w", DType.FLOAT, Shape.of(8, 3, 3, 3));
    assertEquals(Shape.of(2, 8, 4, 4), Nn.conv(x, w, null, ConvSpec.of2d(2, 1)).shape());
    Tensor wt = g.input("wt", DType.FLOAT, Shape.of(3, 5, 3, 3));
    assertEquals(Shape.of(2, 5, 14, 14),
        Nn.convTranspose(x, wt, null, ConvSpec.of2d(2, 1).withOutputPadding(1, 1)).shape());
    Tensor wBad = g.input("wbad", DType.FLOAT, Shape.of(8, 4, 3, 3));
    assertTrue(message(() -> Nn.conv(x, wBad, null, ConvSpec.of2d(1, 1))).startsWith("Conv: channels differ"));
  }

  @Test
  void shapeOpsInferShapes() {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(2, 3, 4));
    assertEquals(Shape.of(6, 4), ShapeOps.reshape(x, 6, -1).shape());
    assertEquals(Shape.of(2, 3, 4), ShapeOps.reshape(x, 0, 0, -1).shape());
    assertEquals(Shape.of(4, 2, 3), ShapeOps.transpose(x, 2, 0, 1).shape());
    assertEquals(Shape.of(2, 12), ShapeOps.flatten(x, 1).shape());
    assertEquals(Shape.of(1, 2, 3, 1, 4), ShapeOps.unsqueeze(x, 0, 3).shape());
    assertEquals(Shape.of(2, 2, 4), ShapeOps.slice(x, 1, 1, 3).shape());
    assertEquals(Shape.of(2, 2, 4), ShapeOps.slice(x, new long[] {-1}, new long[] {0}, new long[] {1},
        new long[] {-1}).shape());
    assertEquals(Shape.of(2, 4), Reduce.reduceSum(x, false, 1).shape());
    assertEquals(Shape.of(2, 3, 5), Index.gather(x, g.input("i", DType.INT64, Shape.of(5)), 2).shape());
    assertTrue(message(() -> ShapeOps.reshape(x, 5, -1)).startsWith("Reshape: cannot reshape [2,3,4]"));
    assertTrue(message(() -> ShapeOps.squeeze(x, 1)).contains("is not 1"));
  }

  @Test
  void namesAreScopedAndUnique() {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(3));
    Tensor y;
    try (var s = g.scope("encoder")) {
      try (var s2 = g.scope("stage2")) {
        assertEquals("encoder.stage2.", g.prefix());
        y = relu(x);
      }
    }
    assertEquals("encoder.stage2/Relu_0", y.name());
    assertThrows(IllegalArgumentException.class, () -> g.input("x", DType.FLOAT, Shape.of(1)));
  }

  @Test
  void modelRoundTripsAndRuns() throws Exception {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(2, 3));
    Tensor w = g.initializer("w", TensorData.floats(Shape.of(3), 1f, 2f, 3f));
    Tensor s = g.stopGradient(Elementwise.mul(x, w));
    Tensor dead = Elementwise.exp(x); // not needed by the output: must not be written
    g.output("y", Reduce.reduceSum(add(s, x), false, 1));
    ModelProto m = g.toModel();
    assertEquals(17, m.getOpsetImport(0).getVersion());
    assertEquals(8, m.getIrVersion());
    assertTrue(m.getGraph().getNodeList().stream().noneMatch(n -> n.getOpType().equals("Exp")), dead.name());

    Graph back = Graph.fromModel(ModelProto.parseFrom(m.toByteArray()));
    assertEquals(m, back.toModel(), "write → read → write must be identical");
    assertTrue(back.isStopGradient(back.tensor(s.name())));
    assertEquals(Shape.of(2), back.outputs().get(0).shape());

    try (ModelRunner r = new ModelRunner(back.toModel(), Device.CPU)) {
      Map<String, TensorData> out = r.run(Map.of("x", TensorData.floats(Shape.of(2, 3), 1, 1, 1, 2, 2, 2)));
      assertArrayEquals(new float[] {9f, 18f}, out.get("y").toFloats());
    }
  }

  @Test
  void namedOutputsRenameInsteadOfCopying() {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(3));
    Tensor y = relu(x);
    g.output("next/x", y);
    g.output("same", y); // a second name for the same value needs a copy
    g.output("passthrough", x); // so does a graph input
    ModelProto m = g.toModel();
    long identities = m.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals("Identity")).count();
    assertEquals(2, identities);
    assertEquals("next/x", m.getGraph().getNode(0).getOutput(0));
  }

  @Test
  void dynamicBatchIsWrittenAsSymbolicDim() {
    Graph g = new Graph("t");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(Shape.DYNAMIC, 4));
    g.output("y", ShapeOps.reshape(relu(x), 0, 2, 2));
    ModelProto m = g.toModel();
    assertEquals("N", m.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals(List.of(Shape.DYNAMIC, 2L, 2L),
        java.util.Arrays.stream(Graph.fromModel(m).outputs().get(0).shape().dims()).boxed().toList());
  }
}
