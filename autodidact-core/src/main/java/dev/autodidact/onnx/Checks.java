package dev.autodidact.onnx;

import java.util.Arrays;

/** Operand checks shared by the op methods; every message starts with the op name. */
final class Checks {
  private Checks() {}

  static IllegalArgumentException fail(String op, String msg) {
    return new IllegalArgumentException(op + ": " + msg);
  }

  static void sameType(String op, Tensor a, Tensor b) {
    if (a.dtype() != b.dtype()) {
      throw fail(op, "element types differ, " + a.dtype() + a.shape() + " and " + b.dtype() + b.shape());
    }
  }

  static void floating(String op, Tensor a) {
    if (!a.dtype().isFloating()) {
      throw fail(op, "needs a float or double tensor, got " + a.dtype() + a.shape());
    }
  }

  static void type(String op, Tensor a, DType... allowed) {
    for (DType t : allowed) {
      if (a.dtype() == t) {
        return;
      }
    }
    throw fail(op, "expects " + Arrays.toString(allowed) + ", got " + a.dtype() + a.shape() + " (" + a.name() + ")");
  }

  static void rank(String op, Tensor a, int rank) {
    if (a.rank() != rank) {
      throw fail(op, "expects rank " + rank + ", got " + a.shape());
    }
  }

  /** Numpy-style broadcast of two shapes; dynamic dims broadcast against anything. */
  static Shape broadcast(String op, Shape a, Shape b) {
    int r = Math.max(a.rank(), b.rank());
    long[] out = new long[r];
    for (int i = 0; i < r; i++) {
      long da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
      long db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
      if (da == db || db == 1) {
        out[i] = da;
      } else if (da == 1) {
        out[i] = db;
      } else if (da == Shape.DYNAMIC || db == Shape.DYNAMIC) {
        out[i] = da == Shape.DYNAMIC ? db : da;
      } else {
        throw fail(op, "shapes don't broadcast, " + a + " and " + b);
      }
    }
    return Shape.of(out);
  }

  /** Normalized, sorted, duplicate-free axes. */
  static long[] axes(String op, Shape s, long... axes) {
    long[] r = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      r[i] = s.axis(op, axes[i]);
    }
    Arrays.sort(r);
    for (int i = 1; i < r.length; i++) {
      if (r[i] == r[i - 1]) {
        throw fail(op, "axis " + r[i] + " repeated in " + Arrays.toString(axes));
      }
    }
    return r;
  }
}
