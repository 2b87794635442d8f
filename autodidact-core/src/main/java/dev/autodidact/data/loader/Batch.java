package dev.autodidact.data.loader;

import java.nio.FloatBuffer;

/**
 * One batch, backed by a pooled direct buffer: {@code [views·n, C, H, W]} floats, rows {@code i} and
 * {@code i + n} being the two views of sample {@code i} when there are two views.
 *
 * <p>The buffer is only valid until {@link #close()}, which hands it back to the loader for a later
 * batch; wrap it without copying (e.g. {@code OnnxTensor.createTensor(env, batch.images(),
 * batch.shape())}) and close the batch once the step has consumed it. Closing twice is harmless.
 */
public final class Batch implements AutoCloseable {
  private final BufferPool.Slot slot;
  private final int epoch;
  private final int position;
  private final int count;
  private final long[] shape;
  private final Runnable onClose;
  private boolean closed;

  Batch(BufferPool.Slot slot, int epoch, int position, int count, long[] shape, Runnable onClose) {
    this.slot = slot;
    this.epoch = epoch;
    this.position = position;
    this.count = count;
    this.shape = shape;
    this.onClose = onClose;
  }

  /**
   * The images, a direct native-order buffer positioned at 0 with its limit at the batch's floats.
   * Each call returns a fresh view of the same memory.
   */
  public FloatBuffer images() {
    check();
    FloatBuffer b = slot.images.duplicate();
    b.clear().limit((int) (shape[0] * shape[1] * shape[2] * shape[3]));
    return b;
  }

  /** {@code [views·n, C, H, W]}. */
  public long[] shape() {
    return shape.clone();
  }

  /** Samples in this batch (n); the last batch of an evaluation epoch may be short. */
  public int size() {
    return count;
  }

  /** Label of sample {@code i} (both views share it), or -1. */
  public int label(int i) {
    check();
    return slot.labels[checkIndex(i)];
  }

  /** Dataset index of sample {@code i}. */
  public int index(int i) {
    check();
    return slot.indices[checkIndex(i)];
  }

  /** A copy of the labels of the n samples. */
  public int[] labels() {
    check();
    return java.util.Arrays.copyOf(slot.labels, count);
  }

  /** A copy of the dataset indices of the n samples. */
  public int[] indices() {
    check();
    return java.util.Arrays.copyOf(slot.indices, count);
  }

  public int epoch() {
    return epoch;
  }

  /** Position of this batch within its epoch (0-based); resume at {@code position + 1}. */
  public int position() {
    return position;
  }

  /** Returns the buffer to the pool. */
  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  private int checkIndex(int i) {
    if (i < 0 || i >= count) {
      throw new IndexOutOfBoundsException("sample " + i + " of a batch of " + count);
    }
    return i;
  }

  private synchronized void check() {
    if (closed) {
      throw new IllegalStateException("batch " + position + " of epoch " + epoch + " was closed; its buffer is reused");
    }
  }
}
