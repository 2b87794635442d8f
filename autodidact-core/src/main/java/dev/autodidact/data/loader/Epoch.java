package dev.autodidact.data.loader;

import com.google.common.util.concurrent.Uninterruptibles;
import dev.autodidact.data.BadImageException;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.SampleRandom;
import dev.autodidact.data.augment.Pipeline;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The batches of one epoch, in order, prepared ahead by the loader's workers. Each batch is split into
 * chunks so all threads help with the next batch; a bounded window of {@code prefetch} batches is in
 * flight. Closing it cancels the work not yet started and waits for the rest, so no worker writes
 * into a buffer after it is handed back.
 */
public final class Epoch implements Iterator<Batch>, AutoCloseable {
  private static final long REPLACEMENT_STREAM = 1L << 40;
  private static final int MAX_REPLACEMENTS = 100;

  private final DataLoader loader;
  private final int number;
  private final int[] order;
  private final int batches;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private int nextToSubmit;
  private int nextToDeliver;
  private volatile boolean cancelled;
  private boolean closed;

  Epoch(DataLoader loader, int number, int[] order, int start, int batches) {
    this.loader = loader;
    this.number = number;
    this.order = order;
    this.batches = batches;
    this.nextToSubmit = start;
    this.nextToDeliver = start;
    topUp();
  }

  /** The epoch number. */
  public int number() {
    return number;
  }

  /** Batches in this epoch. */
  public int batches() {
    return batches;
  }

  /** Position of the batch {@link #next()} will return. */
  public synchronized int position() {
    return nextToDeliver;
  }

  @Override
  public synchronized boolean hasNext() {
    return !closed && nextToDeliver < batches;
  }

  /**
   * Waits for and returns the next batch; close it when done.
   *
   * @throws DataException when the data is unusable (too many unreadable files)
   * @throws LoaderException when a worker failed for another reason (names the file)
   * @throws IllegalStateException when closed, or when every buffer is held by unreleased batches
   */
  @Override
  public Batch next() {
    Pending p;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("epoch " + number + " is closed");
      }
      if (nextToDeliver >= batches) {
        throw new NoSuchElementException("epoch " + number + " has " + batches + " batches");
      }
      topUp();
      p = pending.peek();
      if (p == null) {
        throw new IllegalStateException(
            "all " + loader.pool().capacity() + " batch buffers are held; close() each Batch when the step is done with it");
      }
    }
    Uninterruptibles.awaitUninterruptibly(p.done);
    if (p.error != null) {
      close();
      Throwable e = p.error;
      if (e instanceof DataException) {
        throw new DataException(e.getMessage(), e);
      }
      throw new LoaderException(e.getMessage(), e);
    }
    Batch batch;
    synchronized (this) {
      if (closed) {
        throw new IllegalStateException("epoch " + number + " is closed");
      }
      pending.poll();
      nextToDeliver++;
      long[] shape = loader.batchShape();
      shape[0] = (long) loader.options().views() * p.rows;
      BufferPool.Slot slot = p.slot;
      batch = new Batch(slot, number, p.position, p.rows, shape, () -> loader.released(slot));
      if (nextToDeliver == batches) {
        loader.badInputLog().summarise(number);
      }
      topUp();
    }
    return batch;
  }

  /** Cancels pending work, waits for running chunks and returns their buffers. Idempotent. */
  @Override
  public void close() {
    ArrayDeque<Pending> drain;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      cancelled = true;
      drain = new ArrayDeque<>(pending);
      pending.clear();
    }
    for (Pending p : drain) {
      Uninterruptibles.awaitUninterruptibly(p.done);
      loader.pool().release(p.slot);
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  /** Starts batches while buffers are free and the window has room. */
  synchronized void topUp() {
    LoaderOptions o = loader.options();
    while (!closed && nextToSubmit < batches && pending.size() < o.prefetch()) {
      BufferPool.Slot slot = loader.pool().poll();
      if (slot == null) {
        return;
      }
      int position = nextToSubmit++;
      int rows = Math.min(o.batchSize(), order.length - position * o.batchSize());
      int chunk = Math.max(1, (rows + 2 * o.threads() - 1) / (2 * o.threads()));
      int chunks = (rows + chunk - 1) / chunk;
      Pending p = new Pending(position, slot, rows, chunks);
      pending.add(p);
      for (int from = 0; from < rows; from += chunk) {
        int f = from;
        int t = Math.min(rows, from + chunk);
        loader.submit(() -> runChunk(p, f, t));
      }
    }
  }

  private void runChunk(Pending p, int from, int to) {
    // The index being processed, for the error message; the name is only built on failure.
    int current = -1;
    try {
      if (cancelled) {
        return;
      }
      WorkerThread worker = (WorkerThread) Thread.currentThread();
      LoaderOptions o = loader.options();
      Pipeline pipeline = loader.pipeline();
      Dataset dataset = loader.dataset();
      int viewSize = pipeline.viewSize();
      for (int j = from; j < to && !cancelled; j++) {
        int k = p.position * o.batchSize() + j;
        int index = order[k];
        current = index;
        FloatImage img = null;
        for (int attempt = 0; img == null; attempt++) {
          if (attempt > MAX_REPLACEMENTS) {
            throw new DataException("no readable image found after " + MAX_REPLACEMENTS + " tries; is most of the dataset unreadable?");
          }
          if (attempt > 0) {
            index = SampleRandom.of(o.seed(), number, k, REPLACEMENT_STREAM + attempt).nextInt(order.length);
            current = index;
          }
          img = load(dataset, index, worker.decoder, worker.decoded);
        }
        for (int v = 0; v < o.views(); v++) {
          pipeline.apply(img, o.seed(), number, index, v, worker.workspace, p.slot.images, (v * p.rows + j) * viewSize);
        }
        p.slot.labels[j] = dataset.label(index);
        p.slot.indices[j] = index;
      }
    } catch (DataException e) {
      p.fail(e);
    } catch (Throwable e) {
      String file = current < 0 ? "(before the first file)" : loader.dataset().source(current);
      p.fail(new LoaderException("data loader failed on " + file + ": " + e, e));
    } finally {
      p.chunkDone();
    }
  }

  /** The decoded image, or null (recorded as bad) when unreadable. */
  private FloatImage load(Dataset dataset, int index, ImageDecoder decoder, FloatImage scratch) {
    BadInputLog bad = loader.badInputLog();
    if (bad.isBad(index)) {
      return null;
    }
    FloatImage cached = loader.cache().get(index);
    if (cached != null) {
      return cached;
    }
    try {
      dataset.load(index, decoder, scratch);
    } catch (BadImageException e) {
      bad.record(index, e.source(), e.reason());
      return null;
    }
    loader.cache().offer(index, scratch);
    return scratch;
  }

  /** A batch being prepared. */
  private static final class Pending {
    final int position;
    final BufferPool.Slot slot;
    final int rows;
    final AtomicInteger remaining;
    final CountDownLatch done = new CountDownLatch(1);
    volatile Throwable error;

    Pending(int position, BufferPool.Slot slot, int rows, int chunks) {
      this.position = position;
      this.slot = slot;
      this.rows = rows;
      this.remaining = new AtomicInteger(chunks);
    }

    synchronized void fail(Throwable e) {
      if (error == null) {
        error = e;
      }
    }

    void chunkDone() {
      if (remaining.decrementAndGet() == 0) {
        done.countDown();
      }
    }
  }
}
