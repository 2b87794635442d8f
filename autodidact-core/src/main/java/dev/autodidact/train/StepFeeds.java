package dev.autodidact.train;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.autodidact.step.FeedSpec;
import dev.autodidact.step.StepProgram;
import dev.autodidact.method.DrawnInputs;
import dev.autodidact.method.Method;
import dev.autodidact.method.Methods;
import dev.autodidact.method.OnlineProbe;
import dev.autodidact.onnx.Shape;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-step inputs of a pretraining step, built without copies: the batch's pooled direct buffer is
 * wrapped as {@code x}; {@code lr}, {@code step} and MAE's index tensors live in direct buffers that
 * ORT reads in place, rewritten each step.
 *
 * <p>Inputs the method draws in Java (MAE's masks, {@link Method#drawnInputs}) are a function of (run
 * seed, epoch, batch position), like the pixels, so a resumed run draws the same as an uninterrupted one.
 *
 * <p>Not thread-safe. Throws {@link IllegalStateException} after {@link #close()}.
 */
public final class StepFeeds implements AutoCloseable {
  private final OrtEnvironment env;
  private final long seed;
  private final long[] xShape;
  private final FloatBuffer lr;
  private final FloatBuffer step;
  private final DrawnInputs drawn;
  private final Map<String, LongBuffer> drawnBuffers = new HashMap<>();
  private final List<OnnxTensor> owned = new ArrayList<>();
  private final Map<String, OnnxTensor> feeds = new HashMap<>();
  private final Map<String, java.nio.Buffer> labelBuffers = new HashMap<>();
  private final FloatBuffer apply;
  private final TrainTask task;
  private final ProbeLabels probe;
  private final LongBuffer probeLabels;
  private final FloatBuffer probeMask;
  private OnnxTensor x;
  private boolean closed;

  /**
   * @param program the train step (its feeds say what to build; its recipe's method what to draw)
   * @param seed the run's seed
   */
  public StepFeeds(StepProgram program, long seed) throws OrtException {
    this(program, seed, null);
  }

  /**
   * As above, with the label inputs of a supervised {@code task} (null for pretraining) and, when the
   * step accumulates gradients, its {@link StepProgram#APPLY} input.
   */
  public StepFeeds(StepProgram program, long seed, TrainTask task) throws OrtException {
    this(program, seed, task, null);
  }

  /** As above, with the online probe's labels when the step has the probe. */
  StepFeeds(StepProgram program, long seed, TrainTask task, ProbeLabels probe) throws OrtException {
    this.task = task;
    this.probe = probe;
    this.env = OrtEnvironment.getEnvironment();
    this.seed = seed;
    FeedSpec xs = find(program, Method.IMAGES);
    this.xShape = xs.shape().dims();
    this.drawn = Methods.of(program.recipe()).drawnInputs(program.recipe(), program.batch());
    try {
      this.lr = floats(1);
      this.step = floats(1);
      put(StepProgram.LR, OnnxTensor.createTensor(env, lr, new long[0]));
      put(StepProgram.STEP, OnnxTensor.createTensor(env, step, new long[0]));
      for (Map.Entry<String, Shape> e : drawn.shapes().entrySet()) {
        FeedSpec f = find(program, e.getKey());
        if (!f.shape().equals(e.getValue())) {
          throw new IllegalStateException("method draws " + e.getKey() + " " + e.getValue() + ", the step wants " + f.shape());
        }
        LongBuffer b = longs((int) f.shape().numel());
        drawnBuffers.put(e.getKey(), b);
        put(e.getKey(), OnnxTensor.createTensor(env, b, f.shape().dims()));
      }
      boolean accumulates = program.feeds().stream().anyMatch(f -> f.name().equals(StepProgram.APPLY));
      this.apply = accumulates ? floats(1) : null;
      if (accumulates) {
        put(StepProgram.APPLY, OnnxTensor.createTensor(env, apply, new long[0]));
      }
      if (probe != null) {
        FeedSpec labels = find(program, OnlineProbe.LABELS);
        probeLabels = longs((int) labels.shape().numel());
        put(OnlineProbe.LABELS, OnnxTensor.createTensor(env, probeLabels, labels.shape().dims()));
        FeedSpec mask = find(program, OnlineProbe.MASK);
        probeMask = floats((int) mask.shape().numel());
        put(OnlineProbe.MASK, OnnxTensor.createTensor(env, probeMask, mask.shape().dims()));
      } else {
        probeLabels = null;
        probeMask = null;
      }
      for (FeedSpec f : program.feeds()) {
        if (task != null && !f.name().equals(Method.IMAGES) && !feeds.containsKey(f.name())) {
          long[] dims = f.shape().dims();
          int n = 1;
          for (long d : dims) {
            n *= (int) d;
          }
          switch (f.dtype()) {
            case INT64 -> {
              LongBuffer b = longs(n);
              labelBuffers.put(f.name(), b);
              put(f.name(), OnnxTensor.createTensor(env, b, dims));
            }
            case FLOAT -> {
              FloatBuffer b = floats(n);
              labelBuffers.put(f.name(), b);
              put(f.name(), OnnxTensor.createTensor(env, b, dims));
            }
            default -> throw new IllegalArgumentException("cannot feed " + f.dtype() + " input " + f.name());
          }
        }
        if (!f.name().equals(Method.IMAGES) && !feeds.containsKey(f.name())) {
          throw new IllegalArgumentException("a pretraining step cannot feed input '" + f.name() + "' (method "
              + program.recipe().method() + ")");
        }
      }
    } catch (OrtException | RuntimeException e) {
      close();
      throw e;
    }
  }

  private static FeedSpec find(StepProgram p, String name) {
    return p.feeds().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("step graph has no input " + name));
  }

  private void put(String name, OnnxTensor t) {
    owned.add(t);
    feeds.put(name, t);
  }

  private static FloatBuffer floats(int n) {
    return ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
  }

  private static LongBuffer longs(int n) {
    return ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder()).asLongBuffer();
  }

  /** The shape the step wants for {@code x}. */
  public long[] xShape() {
    return xShape.clone();
  }

  /**
   * Prepares the inputs of update {@code update} (1-based) at learning rate {@code lrValue} for the
   * batch at ({@code epoch}, {@code position}) whose images are {@code images} (a direct buffer that
   * must stay valid until the step has run). Returns the feed map, valid until the next call.
   */
  public Map<String, OnnxTensor> prepare(FloatBuffer images, int epoch, int position, long update, double lrValue)
      throws OrtException {
    return prepare(images, epoch, position, update, lrValue, null, true);
  }

  /**
   * As above for a supervised step or one with the online probe: the labels of dataset {@code indices}
   * (ignored without either) and,
   * when accumulating, whether this micro-batch is the last of its update.
   */
  public Map<String, OnnxTensor> prepare(FloatBuffer images, int epoch, int position, long update, double lrValue,
      int[] indices, boolean applyUpdate) throws OrtException {
    checkOpen();
    if (task != null) {
      labelBuffers.values().forEach(java.nio.Buffer::clear);
      task.writeLabels(indices, labelBuffers);
    }
    if (probe != null) {
      probe.write(indices, probeLabels, probeMask);
    }
    if (apply != null) {
      apply.put(0, applyUpdate ? 1f : 0f);
    }
    if (x != null) {
      x.close();
      x = null;
    }
    lr.put(0, (float) lrValue);
    step.put(0, (float) update);
    drawn.draw(seed, epoch, position, drawnBuffers);
    x = OnnxTensor.createTensor(env, images, xShape);
    feeds.put(Method.IMAGES, x);
    return feeds;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("StepFeeds is closed");
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (x != null) {
      x.close();
    }
    owned.forEach(OnnxTensor::close);
  }
}
