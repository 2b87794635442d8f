package dev.autodidact.onnx;

import java.util.List;
import java.util.Map;

/**
 * One ONNX node as built: op type, inputs (a null entry is an omitted optional input), outputs and
 * attributes. Gradient rules read nodes; only {@link Graph} creates them.
 */
public record Node(
    String opType, String name, List<Tensor> inputs, List<Tensor> outputs, Map<String, Attribute> attrs) {

  /** Input {@code i}, or null when omitted or absent. */
  public Tensor input(int i) {
    return i < inputs.size() ? inputs.get(i) : null;
  }

  /** Output {@code i}. */
  public Tensor output(int i) {
    return outputs.get(i);
  }

  /** An integer attribute or its default. */
  public long attrInt(String key, long dflt) {
    Attribute a = attrs.get(key);
    return a == null ? dflt : ((Attribute.Int) a).value();
  }

  /** An integer list attribute or null when absent. */
  public long[] attrInts(String key) {
    Attribute a = attrs.get(key);
    return a == null ? null : ((Attribute.Ints) a).values();
  }

  /** A float attribute or its default. */
  public float attrFloat(String key, float dflt) {
    Attribute a = attrs.get(key);
    return a == null ? dflt : ((Attribute.Float) a).value();
  }

  /** A string attribute or its default. */
  public String attrString(String key, String dflt) {
    Attribute a = attrs.get(key);
    return a == null ? dflt : ((Attribute.Str) a).value();
  }
}
