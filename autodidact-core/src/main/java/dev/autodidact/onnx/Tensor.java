package dev.autodidact.onnx;

/**
 * A symbolic tensor in a {@link Graph}: a name, an element type and a static shape. Produced by graph
 * inputs, constants and op methods; never holds data.
 */
public final class Tensor {
  private final Graph graph;
  private String name;
  private final DType dtype;
  private final Shape shape;

  Tensor(Graph graph, String name, DType dtype, Shape shape) {
    this.graph = graph;
    this.name = name;
    this.dtype = dtype;
    this.shape = shape;
  }

  /** Renames the value; only {@link Graph} does this, when it marks an output under a public name. */
  void rename(String newName) {
    this.name = newName;
  }

  /** The graph this tensor belongs to. */
  public Graph graph() {
    return graph;
  }

  /** The unique value name in the ONNX graph. */
  public String name() {
    return name;
  }

  public DType dtype() {
    return dtype;
  }

  public Shape shape() {
    return shape;
  }

  public int rank() {
    return shape.rank();
  }

  /** Dimension {@code i}; negative counts from the end. */
  public long dim(int i) {
    return shape.dim(i);
  }

  /** The node that computes this tensor, or null for inputs and initializers. */
  public Node producer() {
    return graph.producerOf(this);
  }

  @Override
  public String toString() {
    return name + ":" + dtype + shape;
  }
}
