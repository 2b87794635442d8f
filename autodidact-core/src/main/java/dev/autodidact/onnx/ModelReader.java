package dev.autodidact.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a ModelProto back into a {@link Graph}. Every value needs a type and shape in value_info,
 * inputs or outputs (our writer records them all); Constant outputs get theirs from the value.
 */
final class ModelReader {
  private ModelReader() {}

  static Graph read(ModelProto model) {
    GraphProto gp = model.getGraph();
    Graph g = new Graph(gp.getName());
    Map<String, ValueInfoProto> infos = new HashMap<>();
    gp.getValueInfoList().forEach(v -> infos.put(v.getName(), v));
    gp.getOutputList().forEach(v -> infos.put(v.getName(), v));
    Set<String> initNames = new HashSet<>();
    for (TensorProto init : gp.getInitializerList()) {
      g.initializer(init.getName(), TensorData.fromProto(init));
      initNames.add(init.getName());
    }
    for (ValueInfoProto in : gp.getInputList()) {
      if (!initNames.contains(in.getName())) {
        g.input(in.getName(), dtype(in), shape(in));
      }
    }
    for (NodeProto np : gp.getNodeList()) {
      List<Tensor> ins = new ArrayList<>();
      for (String s : np.getInputList()) {
        if (s.isEmpty()) {
          ins.add(null);
        } else {
          Tensor t = g.tensor(s);
          if (t == null) {
            throw new IllegalArgumentException("node " + np.getName() + " reads unknown value '" + s + "'");
          }
          ins.add(t);
        }
      }
      Map<String, Attribute> attrs = new LinkedHashMap<>();
      for (AttributeProto ap : np.getAttributeList()) {
        attrs.put(ap.getName(), Attribute.fromProto(ap));
      }
      List<Tensor> outs = new ArrayList<>();
      for (String s : np.getOutputList()) {
        if (np.getOpType().equals("Constant")) {
          TensorData v = ((Attribute.Tensor) attrs.get("value")).value();
          outs.add(g.newTensor(s, v.dtype(), v.shape()));
        } else {
          ValueInfoProto vi = infos.get(s);
          if (vi == null) {
            throw new IllegalArgumentException("value '" + s + "' of node " + np.getName() + " has no value_info");
          }
          outs.add(g.newTensor(s, dtype(vi), shape(vi)));
        }
      }
      g.addNode(new Node(np.getOpType(), np.getName(), java.util.Collections.unmodifiableList(ins),
          List.copyOf(outs), Map.copyOf(attrs)));
      if (ModelWriter.STOP_GRADIENT_DOC.equals(np.getDocString())) {
        g.markStopGradient(outs.get(0));
      }
    }
    for (ValueInfoProto out : gp.getOutputList()) {
      g.output(g.tensor(out.getName()));
    }
    return g;
  }

  private static DType dtype(ValueInfoProto v) {
    return DType.fromProto(v.getType().getTensorType().getElemType());
  }

  private static Shape shape(ValueInfoProto v) {
    List<TensorShapeProto.Dimension> dims = v.getType().getTensorType().getShape().getDimList();
    long[] d = new long[dims.size()];
    for (int i = 0; i < d.length; i++) {
      d[i] = dims.get(i).hasDimValue() ? dims.get(i).getDimValue() : Shape.DYNAMIC;
    }
    return Shape.of(d);
  }
}
