package dev.autodidact.autodiff;

import dev.autodidact.onnx.Attribute;
import dev.autodidact.onnx.Node;
import dev.autodidact.onnx.Tensor;

/** Reads the values of constant inputs (axes, shapes, slice bounds) that rules need at build time. */
final class Consts {
  private Consts() {}

  /** The int64 values of a tensor made by a Constant node. */
  static long[] longs(Tensor t, String what) {
    Node p = t.producer();
    if (p == null || !p.opType().equals("Constant")) {
      throw new UnsupportedOperationException(what + " must be a constant to differentiate, got " + t.name());
    }
    return ((Attribute.Tensor) p.attrs().get("value")).value().toLongs();
  }

  /** Normalizes possibly negative axes against {@code rank}. */
  static long[] normAxes(long[] axes, int rank) {
    long[] r = new long[axes.length];
    for (int i = 0; i < axes.length; i++) {
      r[i] = axes[i] < 0 ? axes[i] + rank : axes[i];
    }
    java.util.Arrays.sort(r);
    return r;
  }
}
