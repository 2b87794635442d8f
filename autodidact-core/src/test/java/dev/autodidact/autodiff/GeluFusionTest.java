package dev.autodidact.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GELU is emitted so that ORT fuses its forward into one kernel even inside a training graph, where the
 * backward also reads x (a structural check of the optimized model, not a timing).
 */
class GeluFusionTest {
  @Test
  void forwardIsFusedInATrainingGraph(@TempDir Path tmp) throws Exception {
    Graph g = new Graph("mlp");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(4, 8));
    Tensor w = g.input("w", DType.FLOAT, Shape.of(8, 8));
    Tensor loss = Reduce.reduceSum(Elementwise.gelu(Linalg.matMul(x, w)), false);
    Map<Tensor, Tensor> grads = Gradients.of(loss, List.of(x, w));
    g.output("loss", loss);
    g.output("dx", grads.get(x));
    g.output("dw", grads.get(w));
    Path out = tmp.resolve("optimized.onnx");
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 1)) {
      o.setOptimizedModelFilePath(out.toString());
      OrtEnvironment.getEnvironment().createSession(g.toModel().toByteArray(), o).close();
    }
    List<String> ops = ModelProto.parseFrom(Files.readAllBytes(out)).getGraph().getNodeList().stream()
        .map(n -> n.getOpType()).toList();
    assertTrue(ops.contains("Gelu"), "ORT did not fuse the forward GELU: " + ops);
  }
}
