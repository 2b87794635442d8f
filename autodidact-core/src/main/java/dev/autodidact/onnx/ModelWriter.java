package dev.autodidact.onnx;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Serializes a {@link Graph} to an ONNX ModelProto. */
final class ModelWriter {
  /** The opset we target: everything we need exists there and older ORT builds load it. */
  static final int OPSET = 17;
  /** IR version matching opset 17. */
  static final int IR_VERSION = 8;
  /** Marks stop-gradient Identity nodes in doc_string, so a read-back graph keeps them. */
  static final String STOP_GRADIENT_DOC = "autodidact:stop_gradient";

  private ModelWriter() {}

  static ModelProto write(Graph g) {
    if (g.outputs().isEmpty()) {
      throw new IllegalStateException("graph " + g.name() + " has no outputs");
    }
    Set<Node> live = liveNodes(g);
    Set<String> stop = g.stopGradientNames();
    GraphProto.Builder gb = GraphProto.newBuilder().setName(g.name());
    Set<Tensor> used = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Node n : g.nodes()) {
      if (!live.contains(n)) {
        continue;
      }
      NodeProto.Builder nb = NodeProto.newBuilder().setOpType(n.opType()).setName(n.name());
      for (Tensor t : n.inputs()) {
        nb.addInput(t == null ? "" : t.name());
        if (t != null) {
          used.add(t);
        }
      }
      for (Tensor t : n.outputs()) {
        nb.addOutput(t.name());
        if (g.outputs().stream().noneMatch(o -> o == t) && !"Constant".equals(n.opType())) {
          gb.addValueInfo(valueInfo(t));
        }
      }
      new TreeMap<>(n.attrs()).forEach((k, v) -> nb.addAttribute(v.toProto(k)));
      if (n.opType().equals("Identity") && stop.contains(n.output(0).name())) {
        nb.setDocString(STOP_GRADIENT_DOC);
      }
      gb.addNode(nb);
    }
    for (Tensor t : g.inputs()) {
      gb.addInput(valueInfo(t));
    }
    for (Tensor t : g.outputs()) {
      used.add(t);
      gb.addOutput(valueInfo(t));
    }
    for (Map.Entry<Tensor, TensorData> e : g.initializers().entrySet()) {
      if (used.contains(e.getKey())) {
        gb.addInitializer(e.getValue().toProto(e.getKey().name()));
      }
    }
    return ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName("autodidact")
        .setProducerVersion("0.1")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(gb)
        .build();
  }

  /** Nodes reachable backwards from the outputs: dead branches are not written. */
  private static Set<Node> liveNodes(Graph g) {
    Set<Node> live = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Tensor> work = new ArrayDeque<>(g.outputs());
    while (!work.isEmpty()) {
      Node n = g.producerOf(work.pop());
      if (n != null && live.add(n)) {
        for (Tensor t : n.inputs()) {
          if (t != null) {
            work.push(t);
          }
        }
      }
    }
    return live;
  }

  static ValueInfoProto valueInfo(Tensor t) {
    TensorShapeProto.Builder sb = TensorShapeProto.newBuilder();
    for (long d : t.shape().dims()) {
      sb.addDim(d == Shape.DYNAMIC
          ? TensorShapeProto.Dimension.newBuilder().setDimParam("N")
          : TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    TypeProto type = TypeProto.newBuilder()
        .setTensorType(TypeProto.Tensor.newBuilder().setElemType(t.dtype().proto().getNumber()).setShape(sb))
        .build();
    return ValueInfoProto.newBuilder().setName(t.name()).setType(type).build();
  }
}
