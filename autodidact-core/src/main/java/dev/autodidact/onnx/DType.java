package dev.autodidact.onnx;

import ai.onnx.proto.OnnxMl.TensorProto.DataType;

/** Element types the builder supports, with their ONNX codes and byte sizes. */
public enum DType {
  FLOAT(DataType.FLOAT, 4),
  DOUBLE(DataType.DOUBLE, 8),
  INT64(DataType.INT64, 8),
  INT32(DataType.INT32, 4),
  BOOL(DataType.BOOL, 1),
  UINT8(DataType.UINT8, 1);

  private final DataType proto;
  private final int bytes;

  DType(DataType proto, int bytes) {
    this.proto = proto;
    this.bytes = bytes;
  }

  /** The ONNX {@code TensorProto.DataType}. */
  public DataType proto() {
    return proto;
  }

  /** Size of one element in bytes. */
  public int bytes() {
    return bytes;
  }

  /** True for the types that carry gradients. */
  public boolean isFloating() {
    return this == FLOAT || this == DOUBLE;
  }

  /** Looks up the builder type of an ONNX data type code. */
  public static DType fromProto(int code) {
    for (DType t : values()) {
      if (t.proto.getNumber() == code) {
        return t;
      }
    }
    throw new IllegalArgumentException("unsupported ONNX data type code " + code);
  }

  @Override
  public String toString() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
