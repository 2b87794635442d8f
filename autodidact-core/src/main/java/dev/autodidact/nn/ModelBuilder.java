package dev.autodidact.nn;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The context layers are built in: a {@link Graph}, the parameter registry and the mode.
 *
 * <p>Layers ask for state with {@link #param} / {@link #buffer}; the full name is the graph's current
 * scope prefix plus the local name ({@code encoder.stage2.block0.conv1} + {@code weight}), so open
 * scopes with {@link #scope} and node names read like the model too. Specs are recorded in creation
 * order, which is the PyTorch {@code parameters()} order for the reference models. The tensors come
 * from a pluggable {@link ParamSource}. Training-mode BatchNorm reports its new running statistics via
 * {@link #updateBuffer}. Not thread-safe.
 */
public final class ModelBuilder {
  /** Whether normalization layers use batch statistics (and update buffers) or running statistics. */
  public enum Mode {
    TRAIN,
    EVAL
  }

  private final Graph graph;
  private final Mode mode;
  private final DType dtype;
  private final ParamSource source;
  private final List<ParamSpec> specs = new ArrayList<>();
  private final Map<String, Tensor> tensors = new LinkedHashMap<>();
  private final Map<String, Tensor> bufferUpdates = new LinkedHashMap<>();
  private Predicate<String> evalNorms = prefix -> false;

  /** A float32 builder whose state tensors are graph inputs. */
  public ModelBuilder(Graph graph, Mode mode) {
    this(graph, mode, DType.FLOAT, ParamSource.graphInputs());
  }

  public ModelBuilder(Graph graph, Mode mode, DType dtype, ParamSource source) {
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException("model dtype must be floating, got " + dtype);
    }
    this.graph = graph;
    this.mode = mode;
    this.dtype = dtype;
    this.source = source;
  }

  public Graph graph() {
    return graph;
  }

  public Mode mode() {
    return mode;
  }

  /** True in {@link Mode#TRAIN}. */
  public boolean training() {
    return mode == Mode.TRAIN;
  }

  /**
   * Makes the normalization layers whose scope prefix ({@code encoder.stage1.block0.bn1.}) {@code frozen}
   * accepts use running statistics and leave them alone even in {@link Mode#TRAIN}: the frozen part of a
   * partly fine-tuned encoder then computes what it computed before training, like a frozen probe's
   * encoder. Call before building the layers.
   */
  public ModelBuilder evalNormsWhere(Predicate<String> frozen) {
    this.evalNorms = Objects.requireNonNull(frozen, "frozen");
    return this;
  }

  /** Whether a normalization layer in the current scope uses batch statistics (and updates its buffers). */
  public boolean normTraining() {
    return training() && !evalNorms.test(graph.prefix());
  }

  /** The element type of parameters and activations. */
  public DType dtype() {
    return dtype;
  }

  /** Opens a naming scope for parameters and nodes; close it with try-with-resources. */
  public Graph.Scope scope(String name) {
    return graph.scope(name);
  }

  /** A trainable parameter named {@code prefix + localName}. */
  public Tensor param(String localName, Shape shape, Role role, Init init) {
    if (role == Role.BUFFER) {
      throw new IllegalArgumentException("use buffer() for " + localName);
    }
    return register(new ParamSpec(graph.prefix() + localName, shape, role, init));
  }

  /** A non-trainable state tensor (BN running statistics) named {@code prefix + localName}. */
  public Tensor buffer(String localName, Shape shape, Init init) {
    return register(new ParamSpec(graph.prefix() + localName, shape, Role.BUFFER, init));
  }

  private Tensor register(ParamSpec spec) {
    if (tensors.containsKey(spec.name())) {
      throw new IllegalArgumentException("parameter " + spec.name() + " defined twice");
    }
    Tensor t = source.tensor(graph, spec, dtype);
    specs.add(spec);
    tensors.put(spec.name(), t);
    return t;
  }

  /** Records the value a buffer takes after this step (training-mode BatchNorm). */
  public void updateBuffer(Tensor buffer, Tensor newValue) {
    ParamSpec spec = spec(buffer.name());
    if (spec == null || spec.role() != Role.BUFFER || tensors.get(spec.name()) != buffer) {
      throw new IllegalArgumentException(buffer.name() + " is not a buffer of this model");
    }
    if (!newValue.shape().equals(buffer.shape()) || newValue.dtype() != buffer.dtype()) {
      throw new IllegalArgumentException("new value " + newValue + " does not match buffer " + buffer);
    }
    if (bufferUpdates.putIfAbsent(spec.name(), newValue) != null) {
      throw new IllegalArgumentException("buffer " + spec.name() + " updated twice");
    }
  }

  /** All specs (parameters and buffers) in creation order. */
  public List<ParamSpec> specs() {
    return Collections.unmodifiableList(specs);
  }

  /** Trainable parameter specs in creation order. */
  public List<ParamSpec> params() {
    return specs.stream().filter(ParamSpec::trainable).toList();
  }

  /** Buffer specs in creation order. */
  public List<ParamSpec> buffers() {
    return specs.stream().filter(s -> !s.trainable()).toList();
  }

  /** The spec with this full name, or null. */
  public ParamSpec spec(String name) {
    for (ParamSpec s : specs) {
      if (s.name().equals(name)) {
        return s;
      }
    }
    return null;
  }

  /** The tensor of a parameter or buffer by full name, or null. */
  public Tensor tensor(String name) {
    return tensors.get(name);
  }

  /** The tensors of {@code specs}, in the same order. */
  public List<Tensor> tensors(List<ParamSpec> of) {
    return of.stream().map(s -> tensors.get(s.name())).toList();
  }

  /** New buffer values by buffer name, in update order (empty in EVAL mode). */
  public Map<String, Tensor> bufferUpdates() {
    return Collections.unmodifiableMap(bufferUpdates);
  }

  /** Total elements of the trainable parameters. */
  public long paramCount() {
    return params().stream().mapToLong(ParamSpec::numel).sum();
  }
}
