package dev.autodidact.onnx;

import ai.onnx.proto.OnnxMl.AttributeProto;
import java.util.Arrays;

/** A node attribute value: the subset of ONNX attribute kinds the builder writes and reads. */
public sealed interface Attribute {
  /** Converts to the ONNX proto under {@code name}. */
  AttributeProto toProto(String name);

  /** An integer attribute. */
  record Int(long value) implements Attribute {
    @Override
    public AttributeProto toProto(String name) {
      return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }
  }

  /** A list of integers. */
  record Ints(long[] values) implements Attribute {
    public Ints {
      values = values.clone();
    }

    @Override
    public long[] values() {
      return values.clone();
    }

    @Override
    public AttributeProto toProto(String name) {
      AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        b.addInts(v);
      }
      return b.build();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Ints i && Arrays.equals(values, i.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }

  /** A float attribute. */
  record Float(float value) implements Attribute {
    @Override
    public AttributeProto toProto(String name) {
      return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }
  }

  /** A string attribute. */
  record Str(String value) implements Attribute {
    @Override
    public AttributeProto toProto(String name) {
      return AttributeProto.newBuilder()
          .setName(name)
          .setType(AttributeProto.AttributeType.STRING)
          .setS(com.google.protobuf.ByteString.copyFromUtf8(value))
          .build();
    }
  }

  /** A tensor attribute (the value of a Constant node). */
  record Tensor(TensorData value) implements Attribute {
    @Override
    public AttributeProto toProto(String name) {
      return AttributeProto.newBuilder()
          .setName(name)
          .setType(AttributeProto.AttributeType.TENSOR)
          .setT(value.toProto(""))
          .build();
    }
  }

  /** Reads an attribute proto of a supported kind. */
  static Attribute fromProto(AttributeProto p) {
    return switch (p.getType()) {
      case INT -> new Int(p.getI());
      case INTS -> new Ints(p.getIntsList().stream().mapToLong(Long::longValue).toArray());
      case FLOAT -> new Float(p.getF());
      case STRING -> new Str(p.getS().toStringUtf8());
      case TENSOR -> new Tensor(TensorData.fromProto(p.getT()));
      default -> throw new IllegalArgumentException(
          "attribute " + p.getName() + ": unsupported kind " + p.getType());
    };
  }
}
