package dev.autodidact.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Parameter naming, registry order and validation. */
class ModelBuilderTest {
  @Test
  void namesFollowScopesAndNodesAreReadable() {
    Graph g = new Graph("t");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.TRAIN);
    Tensor x = g.input("x", DType.FLOAT, Shape.of(2, 3));
    try (var s = mb.scope("head")) {
      Linear.apply(mb, "fc1", x, 4, Linear.InitStyle.TORCH_DEFAULT);
    }
    assertEquals(List.of("head.fc1.weight", "head.fc1.bias"), mb.specs().stream().map(ParamSpec::name).toList());
    assertEquals(Shape.of(4, 3), mb.spec("head.fc1.weight").shape());
    assertEquals(new Init.Uniform(1 / Math.sqrt(3)), mb.spec("head.fc1.bias").init());
    assertTrue(g.inputs().stream().anyMatch(t -> t.name().equals("head.fc1.weight")));
    Node gemm = g.nodes().stream().filter(n -> n.opType().equals("Gemm")).findFirst().orElseThrow();
    assertTrue(gemm.name().startsWith("head.fc1/"), gemm.name());
    assertThrows(IllegalArgumentException.class, () -> {
      try (var s = mb.scope("head")) {
        Linear.apply(mb, "fc1", x, 4, Linear.InitStyle.TORCH_DEFAULT);
      }
    });
  }

  @Test
  void buffersAreSeparateAndUpdatesValidated() {
    Graph g = new Graph("t");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.TRAIN);
    Tensor w = mb.param("w", Shape.of(3), Role.NORM_WEIGHT, Init.ones());
    Tensor b = mb.buffer("running_mean", Shape.of(3), Init.zeros());
    assertEquals(1, mb.params().size());
    assertEquals(1, mb.buffers().size());
    assertEquals(3, mb.paramCount());
    assertThrows(IllegalArgumentException.class, () -> mb.updateBuffer(w, w));
    assertThrows(IllegalArgumentException.class, () -> mb.param("v", Shape.of(3), Role.BUFFER, Init.zeros()));
    mb.updateBuffer(b, w);
    assertThrows(IllegalArgumentException.class, () -> mb.updateBuffer(b, w));
    assertEquals(w, mb.bufferUpdates().get("running_mean"));
    assertThrows(IllegalArgumentException.class,
        () -> new ParamSpec("x", Shape.of(Shape.DYNAMIC), Role.WEIGHT, Init.zeros()));
  }

  @Test
  void decayRuleIsRankAboveOneExceptBuffers() {
    assertTrue(new ParamSpec("a", Shape.of(2, 2), Role.WEIGHT, Init.zeros()).decay());
    assertTrue(new ParamSpec("t", Shape.of(1, 1, 4), Role.TOKEN, Init.zeros()).decay());
    assertTrue(!new ParamSpec("b", Shape.of(2), Role.BIAS, Init.zeros()).decay());
    assertTrue(!new ParamSpec("g", Shape.of(2), Role.NORM_WEIGHT, Init.zeros()).decay());
  }
}
