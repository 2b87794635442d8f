package dev.autodidact.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** {@link TensorData#toLongs()} is exact for every integer type (int64 above 2^53 does not go through double). */
class TensorDataLongsTest {
  @Test
  void int64AboveTwoToThe53IsExact() {
    long big = (1L << 53) + 1;
    long[] v = {big, Long.MAX_VALUE, Long.MIN_VALUE, -big, 0};
    assertArrayEquals(v, TensorData.longs(Shape.of(5), v).toLongs());
  }

  @Test
  void smallerIntegerTypes() {
    assertArrayEquals(new long[] {-7, Integer.MAX_VALUE}, TensorData.ints(Shape.of(2), -7, Integer.MAX_VALUE).toLongs());
    assertArrayEquals(new long[] {1, 0}, TensorData.bools(Shape.of(2), true, false).toLongs());
  }
}
