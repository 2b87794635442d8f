package dev.autodidact.runtime;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxTensorLike;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a training-step graph step after step, owning the state (parameters, optimizer moments, BN
 * statistics) between steps.
 *
 * <p>The state lives in two sets of direct buffers. Each step reads set A as inputs and has ORT write
 * the new state straight into set B as pinned outputs; then the sets swap. Nothing is copied to Java
 * arrays and nothing is allocated per step beyond ORT's own bookkeeping. An input buffer is never
 * also a pinned output of the same run: ORT accepts that and computes wrong numbers.
 *
 * <p>Scalar diagnostics (loss, gradient norm, ...) are pinned too and read with {@link #scalar}.
 */
public final class TrainSession implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final List<StateSlot> slots;
  private final OnnxTensor[][] buffers; // [2][slot]
  private final ByteBuffer[][] raw; // the memory behind buffers
  private final Map<String, OnnxTensor> scalars = new LinkedHashMap<>();
  // One input map and one pinned-output map per buffer set, filled once: a step only replaces the
  // values of the per-step feeds, whose keys exist after the first step, so no map node is allocated.
  @SuppressWarnings("unchecked")
  private final Map<String, OnnxTensorLike>[] inputs = new Map[] {new HashMap<>(), new HashMap<>()};
  @SuppressWarnings("unchecked")
  private final Map<String, OnnxValue>[] pinned = new Map[] {new HashMap<>(), new HashMap<>()};
  private int feedCount = -1;
  private int current;
  private long steps;
  private boolean closed;

  /**
   * @param model the serialized step graph
   * @param options session options (the caller keeps ownership)
   * @param slots state inputs and their next-value outputs
   * @param initial the initial value of every state input, by input name
   * @param scalarOutputs names of float scalar outputs to fetch each step (loss, diagnostics)
   */
  public TrainSession(byte[] model, OrtSession.SessionOptions options, List<StateSlot> slots,
      Map<String, TensorData> initial, List<String> scalarOutputs) throws OrtException {
    this.env = OrtEnvironment.getEnvironment();
    this.slots = List.copyOf(slots);
    this.session = env.createSession(model, options);
    this.buffers = new OnnxTensor[2][slots.size()];
    this.raw = new ByteBuffer[2][slots.size()];
    try {
      Map<String, NodeInfo> outInfo = session.getOutputInfo();
      for (int i = 0; i < slots.size(); i++) {
        StateSlot s = slots.get(i);
        TensorData v = initial.get(s.input());
        if (v == null) {
          throw new IllegalArgumentException("no initial value for state input " + s.input());
        }
        if (s.updated() && !outInfo.containsKey(s.output())) {
          throw new IllegalArgumentException("step graph has no output " + s.output() + " for state " + s.input());
        }
        raw[0][i] = ByteBuffer.allocateDirect(v.bytes().remaining()).order(ByteOrder.nativeOrder());
        buffers[0][i] = wrap(raw[0][i], v);
        // Constant state needs no second buffer: both sets share one tensor.
        if (s.updated()) {
          raw[1][i] = ByteBuffer.allocateDirect(v.bytes().remaining()).order(ByteOrder.nativeOrder());
          buffers[1][i] = wrap(raw[1][i], v);
        } else {
          raw[1][i] = raw[0][i];
          buffers[1][i] = buffers[0][i];
        }
      }
      for (String name : scalarOutputs) {
        NodeInfo ni = outInfo.get(name);
        if (ni == null) {
          throw new IllegalArgumentException("step graph has no output " + name);
        }
        TensorInfo ti = (TensorInfo) ni.getInfo();
        DType t = ti.type == OnnxJavaType.DOUBLE ? DType.DOUBLE : DType.FLOAT;
        TensorData zero = TensorData.filled(t, Shape.of(ti.getShape()), 0);
        scalars.put(name, wrap(ByteBuffer.allocateDirect(zero.bytes().remaining()).order(ByteOrder.nativeOrder()), zero));
      }
      for (int k = 0; k < 2; k++) {
        for (int i = 0; i < slots.size(); i++) {
          StateSlot s = slots.get(i);
          inputs[k].put(s.input(), buffers[k][i]);
          if (s.updated()) {
            pinned[k].put(s.output(), buffers[1 - k][i]);
          }
        }
        pinned[k].putAll(scalars);
      }
    } catch (OrtException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private OnnxTensor wrap(ByteBuffer b, TensorData v) throws OrtException {
    return Tensors.wrap(env, b, v);
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("TrainSession is closed");
    }
  }

  /**
   * Runs one step with the given per-step inputs (batch, lr, step, index tensors; the caller owns
   * them). Afterwards the state is the step's output and {@link #scalar} reads its diagnostics.
   */
  public void step(Map<String, ? extends OnnxTensorLike> feeds) throws OrtException {
    checkOpen();
    Map<String, OnnxTensorLike> in = inputs[current];
    if (feedCount != feeds.size()) {
      // First step, or the caller changed which feeds it gives: rebuild both maps' feed entries.
      for (int k = 0; k < 2; k++) {
        inputs[k].keySet().retainAll(slots.stream().map(StateSlot::input).toList());
      }
      feedCount = feeds.size();
    }
    for (Map.Entry<String, ? extends OnnxTensorLike> e : feeds.entrySet()) {
      in.put(e.getKey(), e.getValue());
    }
    if (in.size() != slots.size() + feeds.size()) {
      throw new IllegalArgumentException("per-step feeds " + feeds.keySet() + " overlap state inputs or changed names");
    }
    session.run(in, pinned[current]).close();
    current = 1 - current;
    steps++;
  }

  /** The latest value of a scalar output. */
  public double scalar(String name) {
    checkOpen();
    OnnxTensor t = scalars.get(name);
    if (t == null) {
      throw new IllegalArgumentException("not a fetched scalar output: " + name);
    }
    return t.getInfo().type == OnnxJavaType.DOUBLE ? t.getDoubleBuffer().get(0) : t.getFloatBuffer().get(0);
  }

  /** Steps run by this session. */
  public long steps() {
    return steps;
  }

  /** A copy of the current state by input name (for checkpoints and export). */
  public Map<String, TensorData> state() {
    checkOpen();
    Map<String, TensorData> r = new LinkedHashMap<>();
    OnnxTensor[] cur = buffers[current];
    for (int i = 0; i < cur.length; i++) {
      r.put(slots.get(i).input(), Tensors.fromOrt(cur[i]));
    }
    return r;
  }

  /** Replaces the current state (resume); every slot must be given with its exact type and shape. */
  public void load(Map<String, TensorData> state) throws OrtException {
    checkOpen();
    for (int i = 0; i < slots.size(); i++) {
      String name = slots.get(i).input();
      TensorData v = state.get(name);
      OnnxTensor cur = buffers[current][i];
      if (v == null) {
        throw new IllegalArgumentException("state has no tensor " + name);
      }
      if (!v.shape().equals(Shape.of(cur.getInfo().getShape()))) {
        throw new IllegalArgumentException("state tensor " + name + " has shape " + v.shape() + ", the graph wants "
            + Shape.of(cur.getInfo().getShape()));
      }
      ByteBuffer dst = raw[current][i];
      if (v.bytes().remaining() != dst.capacity()) {
        throw new IllegalArgumentException("state tensor " + name + " is " + v.dtype() + ", size differs from the graph's");
      }
      dst.clear();
      dst.put(v.bytes());
      dst.flip();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < slots.size(); i++) {
        OnnxTensor t = buffers[k][i];
        if (t != null && (k == 0 || slots.get(i).updated())) {
          t.close();
        }
      }
    }
    scalars.values().forEach(OnnxTensor::close);
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("closing the ORT session failed", e);
    }
  }
}
