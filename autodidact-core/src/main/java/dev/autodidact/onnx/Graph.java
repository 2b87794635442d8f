package dev.autodidact.onnx;

import ai.onnx.proto.OnnxMl.ModelProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A mutable ONNX graph under construction. Nodes are kept in creation order, which is a topological
 * order because an op can only consume tensors that already exist.
 *
 * <p>The typed op methods live in {@link Elementwise}, {@link Reduce}, {@link ShapeOps}, {@link Index},
 * {@link Linalg} and {@link Nn}; this class owns naming, inputs, constants and outputs. Not thread-safe.
 */
public final class Graph {
  private final String name;
  private final List<Node> nodes = new ArrayList<>();
  private final List<Tensor> inputs = new ArrayList<>();
  private final List<Tensor> outputs = new ArrayList<>();
  private final Map<Tensor, TensorData> initializers = new LinkedHashMap<>();
  private final Map<String, Tensor> byName = new HashMap<>();
  private final Map<Tensor, Node> producers = new IdentityHashMap<>();
  private final Set<Tensor> stopGradient = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<String, Integer> counters = new HashMap<>();
  private final List<String> scopes = new ArrayList<>();

  private final BuildOptions options;
  private final Map<Tensor, Composite> composites = new IdentityHashMap<>();

  /**
   * A composite op: several nodes whose backward is one hand-written rule, {@code autodiff}'s rule for
   * {@code kind} (all gradient code lives there). Autodiff calls that rule instead of differentiating the
   * composite's internal nodes, so the internal tensors must not be used outside it.
   *
   * @param kind the rule's name, e.g. {@code Gelu}
   * @param inputs the differentiable inputs, in the order the rule returns their gradients
   * @param saved forward tensors the rule reuses (x̂, columns, index tensors)
   * @param ints integer parameters of the forward (sizes, stride, padding)
   */
  public record Composite(String kind, List<Tensor> inputs, List<Tensor> saved, long... ints) {
    public Composite {
      inputs = List.copyOf(inputs);
      saved = List.copyOf(saved);
      ints = ints.clone();
    }

    /** {@code saved.get(i)}. */
    public Tensor saved(int i) {
      return saved.get(i);
    }
  }

  public Graph(String name) {
    this(name, BuildOptions.DEFAULT);
  }

  /**
   * A graph with build options given as strings ({@link BuildOptions#parse}: an unknown key or value is a
   * {@code UserInputException} naming the known ones).
   */
  public Graph(String name, Map<String, String> options) {
    this(name, BuildOptions.parse(options));
  }

  /**
   * A graph with build options: formulation switches that code building on this graph reads (layers,
   * gradient rules, the optimizer), so graphs built side by side never affect each other.
   */
  public Graph(String name, BuildOptions options) {
    this.name = name;
    this.options = options;
  }

  /** The value in force for build option {@code o}. */
  public String option(BuildOption o) {
    return options.get(o);
  }

  /** All build options. */
  public BuildOptions options() {
    return options;
  }

  public String name() {
    return name;
  }

  // ---- values --------------------------------------------------------------------------------

  /** Declares a graph input. Names are the contract with callers, so they must be unique. */
  public Tensor input(String name, DType dtype, Shape shape) {
    Tensor t = newTensor(name, dtype, shape);
    inputs.add(t);
    return t;
  }

  /** Adds a named initializer (a weight stored inside the model). */
  public Tensor initializer(String name, TensorData value) {
    Tensor t = newTensor(name, value.dtype(), value.shape());
    initializers.put(t, value);
    return t;
  }

  /** A Constant node holding {@code value}. */
  public Tensor constant(TensorData value) {
    return op("Constant", List.of(), Map.of("value", new Attribute.Tensor(value)), value.dtype(), value.shape());
  }

  /** A scalar constant of the given type. */
  public Tensor scalar(double value, DType dtype) {
    return constant(TensorData.scalar(dtype, value));
  }

  /** A 1-D int64 constant, the form ONNX wants for shapes, axes and indices. */
  public Tensor longs(long... values) {
    return constant(TensorData.longs(Shape.of(values.length), values));
  }

  /**
   * Marks {@code t} as a graph output under its own name. Use {@link #output(String, Tensor)} for a
   * fixed public name.
   */
  public Tensor output(Tensor t) {
    checkOwn(t);
    outputs.add(t);
    return t;
  }

  /**
   * Marks a graph output under a fixed public name. A value computed by a node is renamed in place;
   * an Identity (which ORT executes as a copy) is added only when the value is a graph input, an
   * initializer or already an output under another name.
   */
  public Tensor output(String outName, Tensor t) {
    checkOwn(t);
    if (t.name().equals(outName)) {
      outputs.add(t);
      return t;
    }
    boolean renamable = producers.containsKey(t) && !outputs.contains(t) && !"Constant".equals(producers.get(t).opType());
    if (renamable) {
      if (byName.containsKey(outName)) {
        throw new IllegalArgumentException("duplicate tensor name '" + outName + "' in graph " + name);
      }
      byName.remove(t.name());
      t.rename(outName);
      byName.put(outName, t);
      outputs.add(t);
      return t;
    }
    Tensor o = identityNamed(outName, t);
    outputs.add(o);
    return o;
  }

  /** An Identity whose output is treated as a constant by autodiff (no gradient flows back). */
  public Tensor stopGradient(Tensor t) {
    Tensor o = op("Identity", List.of(t), Map.of(), t.dtype(), t.shape());
    stopGradient.add(o);
    return o;
  }

  /**
   * Declares that {@code output} is computed by composite {@code c}, whose backward is autodiff's rule
   * for {@code c.kind()}; {@code output} must be produced by a node of this graph with one output.
   */
  public void defineComposite(Tensor output, Composite c) {
    checkOwn(output);
    Node n = producers.get(output);
    if (n == null || n.outputs().size() != 1) {
      throw new IllegalArgumentException("a composite needs a single-output node's output, got " + output);
    }
    composites.put(output, c);
  }

  /** The composite declared for {@code t}, or null. */
  public Composite composite(Tensor t) {
    return composites.get(t);
  }

  /** True if {@code t} was made by {@link #stopGradient}. */
  public boolean isStopGradient(Tensor t) {
    return stopGradient.contains(t);
  }

  private Tensor identityNamed(String outName, Tensor t) {
    Tensor o = newTensor(outName, t.dtype(), t.shape());
    addNode(new Node("Identity", uniqueNodeName("Identity"), List.of(t), List.of(o), Map.of()));
    return o;
  }

  // ---- ops -----------------------------------------------------------------------------------

  /** Emits a single-output node. Low level: op methods validate their operands before calling this. */
  public Tensor op(String opType, List<Tensor> in, Map<String, Attribute> attrs, DType outType, Shape outShape) {
    return op(opType, in, attrs, List.of(outType), List.of(outShape)).get(0);
  }

  /** Emits a node with several outputs. Null entries of {@code in} are omitted optional inputs. */
  public List<Tensor> op(
      String opType, List<Tensor> in, Map<String, Attribute> attrs, List<DType> outTypes, List<Shape> outShapes) {
    for (Tensor t : in) {
      if (t != null) {
        checkOwn(t);
      }
    }
    String nodeName = uniqueNodeName(opType);
    List<Tensor> outs = new ArrayList<>(outTypes.size());
    for (int i = 0; i < outTypes.size(); i++) {
      outs.add(newTensor(i == 0 ? nodeName : nodeName + ":" + i, outTypes.get(i), outShapes.get(i)));
    }
    addNode(new Node(opType, nodeName, Collections.unmodifiableList(new ArrayList<>(in)), List.copyOf(outs),
        Map.copyOf(attrs)));
    return outs;
  }

  /** Adds an already-formed node (used by the model reader). */
  void addNode(Node n) {
    nodes.add(n);
    for (Tensor o : n.outputs()) {
      producers.put(o, n);
    }
  }

  // ---- naming --------------------------------------------------------------------------------

  /**
   * Opens a naming scope: nodes made inside are named {@code scope/OpType_n}, so the exported graph
   * reads like the model ({@code encoder.stage2.block0/Conv_3}). Close it with try-with-resources.
   */
  public Scope scope(String scopeName) {
    scopes.add(scopeName);
    return new Scope();
  }

  /** A naming scope; closing it pops the name. */
  public final class Scope implements AutoCloseable {
    private final int depth = scopes.size();

    @Override
    public void close() {
      if (scopes.size() != depth) {
        throw new IllegalStateException("scopes closed out of order");
      }
      scopes.remove(scopes.size() - 1);
    }
  }

  /** The current scope prefix with a trailing dot, or empty: for naming parameters. */
  public String prefix() {
    return scopes.isEmpty() ? "" : String.join(".", scopes) + ".";
  }

  private String uniqueNodeName(String opType) {
    String base = (scopes.isEmpty() ? "" : String.join(".", scopes) + "/") + opType;
    int n = counters.merge(base, 1, Integer::sum) - 1;
    String candidate = base + "_" + n;
    while (byName.containsKey(candidate)) {
      n = counters.merge(base, 1, Integer::sum) - 1;
      candidate = base + "_" + n;
    }
    return candidate;
  }

  Tensor newTensor(String tensorName, DType dtype, Shape shape) {
    if (tensorName == null || tensorName.isEmpty()) {
      throw new IllegalArgumentException("tensor name must not be empty");
    }
    if (byName.containsKey(tensorName)) {
      throw new IllegalArgumentException("duplicate tensor name '" + tensorName + "' in graph " + name);
    }
    Tensor t = new Tensor(this, tensorName, dtype, shape);
    byName.put(tensorName, t);
    return t;
  }

  private void checkOwn(Tensor t) {
    if (t.graph() != this) {
      throw new IllegalArgumentException("tensor " + t.name() + " belongs to graph " + t.graph().name()
          + ", not " + name);
    }
  }

  // ---- views ---------------------------------------------------------------------------------

  public List<Node> nodes() {
    return Collections.unmodifiableList(nodes);
  }

  public List<Tensor> inputs() {
    return Collections.unmodifiableList(inputs);
  }

  public List<Tensor> outputs() {
    return Collections.unmodifiableList(outputs);
  }

  public Map<Tensor, TensorData> initializers() {
    return Collections.unmodifiableMap(initializers);
  }

  /** The tensor with this name, or null. */
  public Tensor tensor(String tensorName) {
    return byName.get(tensorName);
  }

  Node producerOf(Tensor t) {
    return producers.get(t);
  }

  /** Removes all outputs, so the same graph can be exported with another output set. */
  public void clearOutputs() {
    outputs.clear();
  }

  /** Names of the stop-gradient tensors (for the writer). */
  Set<String> stopGradientNames() {
    Set<String> s = new HashSet<>();
    for (Tensor t : stopGradient) {
      s.add(t.name());
    }
    return s;
  }

  void markStopGradient(Tensor t) {
    stopGradient.add(t);
  }

  // ---- serialization -------------------------------------------------------------------------

  /** Writes the graph as an ONNX model (opset 17, IR 8), keeping only nodes the outputs need. */
  public ModelProto toModel() {
    return ModelWriter.write(this);
  }

  /** Reads a model written by {@link #toModel()} (or any model with value_info for every value). */
  public static Graph fromModel(ModelProto model) {
    return ModelReader.read(model);
  }
}
