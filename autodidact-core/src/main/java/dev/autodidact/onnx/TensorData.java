package dev.autodidact.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A concrete tensor value: type, shape and little-endian bytes. Used for constants, initializers,
 * state files and test values. Immutable: the buffer is never handed out writable.
 */
public final class TensorData {
  private final DType dtype;
  private final Shape shape;
  private final ByteBuffer bytes;

  private TensorData(DType dtype, Shape shape, ByteBuffer bytes) {
    if (!shape.isStatic()) {
      throw new IllegalArgumentException("tensor data needs a static shape, got " + shape);
    }
    long expect = shape.numel() * dtype.bytes();
    if (bytes.remaining() != expect) {
      throw new IllegalArgumentException(
          "tensor data of " + dtype + shape + " needs " + expect + " bytes, got " + bytes.remaining());
    }
    this.dtype = dtype;
    this.shape = shape;
    this.bytes = bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Wraps little-endian bytes (not copied: the caller must not change them afterwards). */
  public static TensorData ofBytes(DType dtype, Shape shape, ByteBuffer bytes) {
    return new TensorData(dtype, shape, bytes.slice().order(ByteOrder.LITTLE_ENDIAN));
  }

  private static ByteBuffer alloc(Shape shape, DType t) {
    return ByteBuffer.allocate(Math.toIntExact(shape.numel() * t.bytes())).order(ByteOrder.LITTLE_ENDIAN);
  }

  public static TensorData floats(Shape shape, float... v) {
    ByteBuffer b = alloc(shape, DType.FLOAT);
    b.asFloatBuffer().put(v);
    return new TensorData(DType.FLOAT, shape, b);
  }

  public static TensorData doubles(Shape shape, double... v) {
    ByteBuffer b = alloc(shape, DType.DOUBLE);
    b.asDoubleBuffer().put(v);
    return new TensorData(DType.DOUBLE, shape, b);
  }

  public static TensorData longs(Shape shape, long... v) {
    ByteBuffer b = alloc(shape, DType.INT64);
    b.asLongBuffer().put(v);
    return new TensorData(DType.INT64, shape, b);
  }

  public static TensorData ints(Shape shape, int... v) {
    ByteBuffer b = alloc(shape, DType.INT32);
    b.asIntBuffer().put(v);
    return new TensorData(DType.INT32, shape, b);
  }

  public static TensorData bools(Shape shape, boolean... v) {
    ByteBuffer b = alloc(shape, DType.BOOL);
    for (boolean x : v) {
      b.put((byte) (x ? 1 : 0));
    }
    b.flip();
    return new TensorData(DType.BOOL, shape, b);
  }

  /** A tensor of the given type and shape with every element set to {@code value}. */
  public static TensorData filled(DType dtype, Shape shape, double value) {
    int n = Math.toIntExact(shape.numel());
    double[] v = new double[n];
    java.util.Arrays.fill(v, value);
    return fromDoubles(dtype, shape, v);
  }

  /** A scalar (shape {@code []}) of the given type. */
  public static TensorData scalar(DType dtype, double value) {
    return filled(dtype, Shape.scalar(), value);
  }

  /** Converts doubles to any supported type (rounding toward zero for integers). */
  public static TensorData fromDoubles(DType dtype, Shape shape, double[] v) {
    ByteBuffer b = alloc(shape, dtype);
    for (double x : v) {
      switch (dtype) {
        case FLOAT -> b.putFloat((float) x);
        case DOUBLE -> b.putDouble(x);
        case INT64 -> b.putLong((long) x);
        case INT32 -> b.putInt((int) x);
        case BOOL -> b.put((byte) (x != 0 ? 1 : 0));
        case UINT8 -> b.put((byte) (int) x);
      }
    }
    b.flip();
    return new TensorData(dtype, shape, b);
  }

  public DType dtype() {
    return dtype;
  }

  public Shape shape() {
    return shape;
  }

  public int size() {
    return Math.toIntExact(shape.numel());
  }

  /** A read-only little-endian view of the bytes, positioned at 0. */
  public ByteBuffer bytes() {
    return bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Element {@code i} as a double, whatever the type. */
  public double getDouble(int i) {
    return switch (dtype) {
      case FLOAT -> bytes.getFloat(i * 4);
      case DOUBLE -> bytes.getDouble(i * 8);
      case INT64 -> bytes.getLong(i * 8);
      case INT32 -> bytes.getInt(i * 4);
      case BOOL -> bytes.get(i);
      case UINT8 -> bytes.get(i) & 0xff;
    };
  }

  /** All elements as doubles. */
  public double[] toDoubles() {
    double[] r = new double[size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = getDouble(i);
    }
    return r;
  }

  /** All elements as floats. */
  public float[] toFloats() {
    float[] r = new float[size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = (float) getDouble(i);
    }
    return r;
  }

  /** All elements as longs (integer types only), exactly: int64 values above 2^53 do not go through double. */
  public long[] toLongs() {
    long[] r = new long[size()];
    for (int i = 0; i < r.length; i++) {
      r[i] = switch (dtype) {
        case INT64 -> bytes.getLong(i * 8);
        case INT32 -> bytes.getInt(i * 4);
        case BOOL -> bytes.get(i);
        case UINT8 -> bytes.get(i) & 0xff;
        default -> (long) getDouble(i);
      };
    }
    return r;
  }

  /** The ONNX TensorProto (raw data) under the given name. */
  public TensorProto toProto(String name) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(dtype.proto().getNumber());
    for (long d : shape.dims()) {
      b.addDims(d);
    }
    return b.setRawData(ByteString.copyFrom(bytes())).build();
  }

  /** Reads a TensorProto with raw or typed data. */
  public static TensorData fromProto(TensorProto p) {
    DType t = DType.fromProto(p.getDataType());
    Shape s = Shape.of(p.getDimsList().stream().mapToLong(Long::longValue).toArray());
    if (!p.getRawData().isEmpty()) {
      ByteBuffer b = ByteBuffer.allocate(p.getRawData().size()).order(ByteOrder.LITTLE_ENDIAN);
      p.getRawData().copyTo(b);
      b.flip();
      return new TensorData(t, s, b);
    }
    return switch (t) {
      case FLOAT -> floats(s, toFloatArray(p));
      case DOUBLE -> doubles(s, p.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray());
      case INT64 -> longs(s, p.getInt64DataList().stream().mapToLong(Long::longValue).toArray());
      case INT32, BOOL, UINT8 -> fromDoubles(t, s, p.getInt32DataList().stream().mapToDouble(Integer::doubleValue).toArray());
    };
  }

  private static float[] toFloatArray(TensorProto p) {
    float[] r = new float[p.getFloatDataCount()];
    for (int i = 0; i < r.length; i++) {
      r[i] = p.getFloatData(i);
    }
    return r;
  }

  @Override
  public String toString() {
    return "TensorData" + dtype + shape;
  }
}
