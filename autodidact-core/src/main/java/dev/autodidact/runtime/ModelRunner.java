package dev.autodidact.runtime;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodidact.onnx.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an in-memory ONNX model on a device with {@link TensorData} in and out. Convenient and copying:
 * for checks, tests and small graphs, not for the training hot path.
 */
public final class ModelRunner implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private boolean closed;

  public ModelRunner(ModelProto model, Device device) throws OrtException {
    this(model, device, 1);
  }

  public ModelRunner(ModelProto model, Device device, int threads) throws OrtException {
    this.env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions opts = Sessions.options(device, threads)) {
      this.session = env.createSession(model.toByteArray(), opts);
    }
  }

  /** Runs the model and returns every output (or only {@code wanted} when given). */
  public Map<String, TensorData> run(Map<String, TensorData> inputs, String... wanted) throws OrtException {
    if (closed) {
      throw new IllegalStateException("ModelRunner is closed");
    }
    Map<String, OnnxTensor> in = new LinkedHashMap<>();
    List<OnnxTensor> owned = new ArrayList<>();
    try {
      for (Map.Entry<String, TensorData> e : inputs.entrySet()) {
        OnnxTensor t = Tensors.toOrt(env, e.getValue());
        owned.add(t);
        in.put(e.getKey(), t);
      }
      OrtSession.Result r = wanted.length == 0 ? session.run(in) : session.run(in, java.util.Set.of(wanted));
      try (r) {
        Map<String, TensorData> out = new LinkedHashMap<>();
        for (Map.Entry<String, OnnxValue> e : r) {
          out.put(e.getKey(), Tensors.fromOrt((OnnxTensor) e.getValue()));
        }
        return out;
      }
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }

  @Override
  public void close() throws OrtException {
    if (!closed) {
      closed = true;
      session.close();
    }
  }
}
