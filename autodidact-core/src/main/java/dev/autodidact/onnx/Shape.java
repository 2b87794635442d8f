package dev.autodidact.onnx;

import java.util.Arrays;

/**
 * A static tensor shape. A dimension of {@code -1} is dynamic (written as the symbolic dim {@code N});
 * it exists only for exported inference graphs with a free batch axis.
 */
public final class Shape {
  /** The marker for a dynamic dimension. */
  public static final long DYNAMIC = -1;

  private final long[] dims;

  private Shape(long[] dims) {
    for (long d : dims) {
      if (d < 0 && d != DYNAMIC) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(dims));
      }
    }
    this.dims = dims;
  }

  /** A shape with the given dimensions (copied). */
  public static Shape of(long... dims) {
    return new Shape(dims.clone());
  }

  /** A shape with the given int dimensions. */
  public static Shape of(int... dims) {
    return new Shape(Arrays.stream(dims).asLongStream().toArray());
  }

  /** The scalar shape {@code []}. */
  public static Shape scalar() {
    return new Shape(new long[0]);
  }

  public int rank() {
    return dims.length;
  }

  /** Dimension {@code i}; negative {@code i} counts from the end. */
  public long dim(int i) {
    return dims[i < 0 ? i + dims.length : i];
  }

  /** A copy of the dimensions. */
  public long[] dims() {
    return dims.clone();
  }

  /** A copy of the dimensions as ints (all must be static). */
  public int[] intDims() {
    int[] r = new int[dims.length];
    for (int i = 0; i < dims.length; i++) {
      r[i] = Math.toIntExact(dims[i]);
    }
    return r;
  }

  /** True if no dimension is dynamic. */
  public boolean isStatic() {
    for (long d : dims) {
      if (d == DYNAMIC) {
        return false;
      }
    }
    return true;
  }

  /** Number of elements; fails for dynamic shapes. */
  public long numel() {
    long n = 1;
    for (long d : dims) {
      if (d == DYNAMIC) {
        throw new IllegalStateException("numel of dynamic shape " + this);
      }
      n *= d;
    }
    return n;
  }

  /** Normalizes a possibly negative axis against this rank, failing with the op name if out of range. */
  public int axis(String op, long axis) {
    long a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a >= dims.length) {
      throw new IllegalArgumentException(op + ": axis " + axis + " out of range for shape " + this);
    }
    return (int) a;
  }

  /** This shape with dimension {@code i} replaced. */
  public Shape with(int i, long d) {
    long[] r = dims.clone();
    r[i] = d;
    return new Shape(r);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shape s && Arrays.equals(dims, s.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("[");
    for (int i = 0; i < dims.length; i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(dims[i] == DYNAMIC ? "N" : Long.toString(dims[i]));
    }
    return b.append(']').toString();
  }
}
