package dev.autodidact.data.loader;

import dev.autodidact.UserInputException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A fixed set of direct float buffers shaped for the step, with label and index arrays beside them.
 * Direct and native-order so ONNX Runtime can use the memory without copying.
 */
final class BufferPool {
  /** One reusable batch buffer. */
  static final class Slot {
    final FloatBuffer images;
    final int[] labels;
    final int[] indices;

    Slot(int floats, int batch) {
      this.images = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
      this.labels = new int[batch];
      this.indices = new int[batch];
    }
  }

  private final ArrayBlockingQueue<Slot> free;
  private final int capacity;

  BufferPool(int count, long floats, int batch) {
    if (floats > Integer.MAX_VALUE / Float.BYTES) {
      throw new UserInputException("a batch of " + floats + " floats is over the 2 GiB direct-buffer limit; lower --batch");
    }
    this.capacity = count;
    this.free = new ArrayBlockingQueue<>(count);
    for (int i = 0; i < count; i++) {
      free.add(new Slot((int) floats, batch));
    }
  }

  /** A free slot, or null when all are in use. */
  Slot poll() {
    return free.poll();
  }

  void release(Slot s) {
    if (!free.offer(s)) {
      throw new IllegalStateException("buffer released twice");
    }
  }

  int available() {
    return free.size();
  }

  int capacity() {
    return capacity;
  }
}
