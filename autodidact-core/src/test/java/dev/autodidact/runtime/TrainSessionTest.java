package dev.autodidact.runtime;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.sub;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.autodiff.Gradients;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** State feeding of {@link TrainSession} on a least-squares model trained by plain SGD. */
class TrainSessionTest {
  private static final float[] X = {1, 2, 0, 0, 1, 1, 2, 0, 1, -1, 1, 0, 0.5f, 0.5f, 2, 1, 1, 1};
  private static final float[] Y = {3, 1, 2, 0, 4, 2};

  /** loss = mean((x·w + b − y)²); outputs next/w, next/b = p − lr·grad, and the loss. */
  private static byte[] stepGraph() {
    Graph g = new Graph("sgd");
    Tensor x = g.input("x", DType.FLOAT, Shape.of(6, 3));
    Tensor y = g.input("y", DType.FLOAT, Shape.of(6));
    Tensor lr = g.input("lr", DType.FLOAT, Shape.scalar());
    Tensor w = g.input("w", DType.FLOAT, Shape.of(3, 1));
    Tensor b = g.input("b", DType.FLOAT, Shape.of(1));
    Tensor pred = ShapeOps.reshape(add(Linalg.matMul(x, w), b), Shape.of(6));
    Tensor r = sub(pred, y);
    Tensor loss = Reduce.reduceMean(mul(r, r), false);
    Map<Tensor, Tensor> gr = Gradients.of(loss, List.of(w, b));
    g.output("loss", loss);
    g.output("next/w", sub(w, mul(gr.get(w), lr)));
    g.output("next/b", sub(b, mul(gr.get(b), lr)));
    return g.toModel().toByteArray();
  }

  private static final List<StateSlot> SLOTS = List.of(new StateSlot("w", "next/w"), new StateSlot("b", "next/b"));

  private static Map<String, TensorData> init() {
    return Map.of("w", TensorData.floats(Shape.of(3, 1), 0.1f, -0.2f, 0.3f), "b", TensorData.floats(Shape.of(1), 0f));
  }

  /** The same steps by hand in Java (double), the reference for the session. */
  private static double[] javaSgd(int steps, float lr) {
    double[] p = {0.1, -0.2, 0.3, 0};
    for (int s = 0; s < steps; s++) {
      double[] grad = new double[4];
      for (int i = 0; i < 6; i++) {
        double r = X[3 * i] * p[0] + X[3 * i + 1] * p[1] + X[3 * i + 2] * p[2] + p[3] - Y[i];
        for (int j = 0; j < 3; j++) {
          grad[j] += 2 * r * X[3 * i + j] / 6;
        }
        grad[3] += 2 * r / 6;
      }
      for (int j = 0; j < 4; j++) {
        p[j] -= lr * grad[j];
      }
    }
    return p;
  }

  @Test
  void stateFlowsFromStepToStepWithoutCopies() throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 1);
        TrainSession ts = new TrainSession(stepGraph(), o, SLOTS, init(), List.of("loss"));
        OnnxTensor x = Tensors.toOrt(env, TensorData.floats(Shape.of(6, 3), X));
        OnnxTensor y = Tensors.toOrt(env, TensorData.floats(Shape.of(6), Y));
        OnnxTensor lr = Tensors.toOrt(env, TensorData.floats(Shape.scalar(), 0.05f))) {
      Map<String, OnnxTensor> feeds = new HashMap<>(Map.of("x", x, "y", y, "lr", lr));
      double first = 0;
      for (int s = 0; s < 20; s++) {
        ts.step(feeds);
        if (s == 0) {
          first = ts.scalar("loss");
        }
      }
      assertTrue(ts.scalar("loss") < first / 2, "loss " + first + " -> " + ts.scalar("loss"));
      assertEquals(20, ts.steps());
      double[] expect = javaSgd(20, 0.05f);
      Map<String, TensorData> st = ts.state();
      double[] got = {st.get("w").getDouble(0), st.get("w").getDouble(1), st.get("w").getDouble(2), st.get("b").getDouble(0)};
      assertArrayEquals(expect, got, 1e-5);

      // Resume: load the initial state again and the same 20 steps give the same numbers.
      ts.load(init());
      for (int s = 0; s < 20; s++) {
        ts.step(feeds);
      }
      assertArrayEquals(st.get("w").toFloats(), ts.state().get("w").toFloats(), 0f);
    }
  }

  @Test
  void usingAfterCloseFailsFast() throws Exception {
    TrainSession ts;
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 1)) {
      ts = new TrainSession(stepGraph(), o, SLOTS, init(), List.of("loss"));
    }
    ts.close();
    assertThrows(IllegalStateException.class, ts::state);
    assertThrows(IllegalStateException.class, () -> ts.step(Map.of()));
  }

  @Test
  void missingStateOrOutputIsRefused() throws Exception {
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 1)) {
      assertThrows(IllegalArgumentException.class,
          () -> new TrainSession(stepGraph(), o, SLOTS, Map.of("w", init().get("w")), List.of("loss")));
      assertThrows(IllegalArgumentException.class,
          () -> new TrainSession(stepGraph(), o, List.of(new StateSlot("w", "nope")), init(), List.of()));
    }
  }
}
