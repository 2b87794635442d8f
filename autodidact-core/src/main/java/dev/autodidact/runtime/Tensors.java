package dev.autodidact.runtime;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Conversions between {@link TensorData} and ORT tensors. */
public final class Tensors {
  private Tensors() {}

  /** Copies {@code data} into a new ORT tensor (the caller closes it). */
  public static OnnxTensor toOrt(OrtEnvironment env, TensorData data) throws OrtException {
    ByteBuffer direct = ByteBuffer.allocateDirect(data.bytes().remaining()).order(ByteOrder.nativeOrder());
    return wrap(env, direct, data);
  }

  /**
   * Copies {@code data} into {@code direct} (a native-order direct buffer of exactly its size) and wraps
   * that memory as an ORT tensor without a further copy: ORT reads and writes the buffer itself.
   */
  public static OnnxTensor wrap(OrtEnvironment env, ByteBuffer direct, TensorData data) throws OrtException {
    if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
      throw new UnsupportedOperationException("big-endian platforms are not supported");
    }
    direct.clear();
    direct.put(data.bytes()).flip();
    long[] shape = data.shape().dims();
    return switch (data.dtype()) {
      case FLOAT -> OnnxTensor.createTensor(env, direct.asFloatBuffer(), shape);
      case DOUBLE -> OnnxTensor.createTensor(env, direct.asDoubleBuffer(), shape);
      case INT64 -> OnnxTensor.createTensor(env, direct.asLongBuffer(), shape);
      case INT32 -> OnnxTensor.createTensor(env, direct.asIntBuffer(), shape);
      case BOOL -> OnnxTensor.createTensor(env, direct, shape, OnnxJavaType.BOOL);
      case UINT8 -> OnnxTensor.createTensor(env, direct, shape, OnnxJavaType.UINT8);
    };
  }

  /** Copies an ORT tensor out into {@link TensorData}. */
  public static TensorData fromOrt(OnnxTensor t) {
    DType dtype = switch (t.getInfo().type) {
      case FLOAT -> DType.FLOAT;
      case DOUBLE -> DType.DOUBLE;
      case INT64 -> DType.INT64;
      case INT32 -> DType.INT32;
      case BOOL -> DType.BOOL;
      case UINT8 -> DType.UINT8;
      default -> throw new IllegalArgumentException("unsupported ORT tensor type " + t.getInfo().type);
    };
    ByteBuffer b = t.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    return TensorData.ofBytes(dtype, Shape.of(t.getInfo().getShape()), b);
  }
}
