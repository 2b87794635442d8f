package dev.autodidact.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
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
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.Map;

/**
 * The linear probe's loss and gradient as one float64 ONNX graph on ONNX Runtime, the feature matrix
 * fed once and kept: {@code mean CE(softmax(X·W + b), Y)}, {@code ∂/∂W = Xᵀ(P − Y)/N}, {@code ∂/∂b}. The
 * two [N, D]×[D, C] products are what the probe's time goes into; ORT's GEMM does them several times
 * faster than a Java loop. The penalty λ‖W‖² is added by {@link LinearProbe}.
 */
final class ProbeObjective implements AutoCloseable {
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final OnnxTensor x;
  private final OnnxTensor y;
  private final int dim;
  private final int classes;

  /**
   * @param xs standardised features, [N, D] row-major
   * @param labels [N]
   */
  ProbeObjective(double[] xs, int[] labels, int n, int dim, int classes, int threads) {
    this.dim = dim;
    this.classes = classes;
    Graph g = new Graph("linear-probe-objective");
    Tensor tx = g.input("x", DType.DOUBLE, Shape.of(n, dim));
    Tensor ty = g.input("y", DType.DOUBLE, Shape.of(n, classes)); // one-hot
    Tensor tw = g.input("w", DType.DOUBLE, Shape.of(dim, classes));
    Tensor tb = g.input("b", DType.DOUBLE, Shape.of(classes));
    Tensor logp = Reduce.logSoftmax(Elementwise.add(Linalg.matMul(tx, tw), tb), 1); // [N, C]
    g.output("loss", Elementwise.mul(Reduce.reduceSum(Elementwise.mul(logp, ty), false, 0, 1), -1.0 / n));
    Tensor r = Elementwise.mul(Elementwise.sub(Elementwise.exp(logp), ty), 1.0 / n); // (P − Y) / N
    g.output("gw", Linalg.gemm(tx, r, null, 1, 0, true, false)); // [D, C]
    g.output("gb", Reduce.reduceSum(r, false, 0)); // [C]
    double[] onehot = new double[n * classes];
    for (int i = 0; i < n; i++) {
      onehot[i * classes + labels[i]] = 1;
    }
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, threads)) {
      session = env.createSession(g.toModel().toByteArray(), o);
      x = OnnxTensor.createTensor(env, direct(xs), new long[] {n, dim});
      y = OnnxTensor.createTensor(env, direct(onehot), new long[] {n, classes});
    } catch (OrtException e) {
      throw new IllegalStateException("linear probe graph: " + e.getMessage(), e);
    }
  }

  /** Mean cross-entropy at {@code theta} (W [D × C] then b [C]); its gradient into {@code grad}. */
  double evaluate(double[] theta, double[] grad) {
    int nw = dim * classes;
    DoubleBuffer w = direct(java.util.Arrays.copyOf(theta, nw));
    DoubleBuffer b = direct(java.util.Arrays.copyOfRange(theta, nw, nw + classes));
    try (OnnxTensor tw = OnnxTensor.createTensor(env, w, new long[] {dim, classes});
        OnnxTensor tb = OnnxTensor.createTensor(env, b, new long[] {classes});
        OrtSession.Result r = session.run(Map.of("x", x, "y", y, "w", tw, "b", tb))) {
      ((OnnxTensor) r.get("gw").get()).getDoubleBuffer().get(grad, 0, nw);
      ((OnnxTensor) r.get("gb").get()).getDoubleBuffer().get(grad, nw, classes);
      return ((OnnxTensor) r.get("loss").get()).getDoubleBuffer().get(0);
    } catch (OrtException e) {
      throw new IllegalStateException("linear probe objective: " + e.getMessage(), e);
    }
  }

  private static DoubleBuffer direct(double[] v) {
    DoubleBuffer d = ByteBuffer.allocateDirect(v.length * Double.BYTES).order(ByteOrder.nativeOrder()).asDoubleBuffer();
    d.put(v).rewind();
    return d;
  }

  @Override
  public void close() {
    x.close();
    y.close();
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
  }
}
