package dev.autodidact.data.loader;

import dev.autodidact.UserInputException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.SampleRandom;
import dev.autodidact.data.augment.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Multi-threaded decode, augment and batch, into a small pool of reusable direct buffers.
 *
 * <pre>{@code
 * try (DataLoader loader = new DataLoader(dataset, Presets.simclr(32, 3, 0.5), LoaderOptions.training(256, 2, 4, seed))) {
 *   for (int e = startEpoch; e < epochs; e++) {
 *     try (Epoch epoch = loader.epoch(e, e == startEpoch ? startBatch : 0)) {
 *       while (epoch.hasNext()) {
 *         try (Batch b = epoch.next()) {
 *           step(b.images(), b.shape());      // direct FloatBuffer, no copy
 *         }                                   // close() returns the buffer to the pool
 *       }
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>Determinism: the order of an epoch is a function of (seed, epoch) and the pixels of every view a
 * function of (seed, epoch, sample index, view), so the batches are identical for any thread count,
 * and starting at a batch position reproduces the rest of an epoch exactly. Unreadable samples are
 * skipped with one warning and replaced by a sample chosen from (seed, epoch, position), which keeps
 * batches full and deterministic.
 *
 * <p>One epoch is active at a time. Thread-safe for one consumer; {@link Batch#close()} may be called
 * from any thread. Throws {@link IllegalStateException} after {@link #close()}.
 */
public final class DataLoader implements AutoCloseable {
  static final long ORDER_STREAM = -1;

  private final Dataset dataset;
  private final Pipeline pipeline;
  private final LoaderOptions options;
  private final ExecutorService workers;
  private final BufferPool pool;
  private final BadInputLog badInput;
  private final DecodeCache cache;
  private final List<Thread> threads = new ArrayList<>();
  private Epoch active;
  private boolean closed;

  /**
   * Starts the worker threads and allocates {@code prefetch + 1} direct buffers of {@code views · B · C
   * · size²} floats.
   *
   * @throws IllegalArgumentException if the dataset and pipeline disagree on channels
   * @throws UserInputException if the dataset is smaller than one batch with drop-last
   */
  public DataLoader(Dataset dataset, Pipeline pipeline, LoaderOptions options) {
    this(dataset, pipeline, options, () -> {});
  }

  /** As above; {@code onWorkerExit} runs on each worker thread as its last act (a test hook for close's join). */
  DataLoader(Dataset dataset, Pipeline pipeline, LoaderOptions options, Runnable onWorkerExit) {
    if (dataset.channels() != pipeline.channels()) {
      throw new IllegalArgumentException(
          "dataset gives " + dataset.channels() + " channels, pipeline expects " + pipeline.channels());
    }
    if (dataset.size() == 0 || (options.dropLast() && dataset.size() < options.batchSize())) {
      // the batch size is the user's (--batch, train.batch), the data theirs too
      throw new UserInputException(
          "dataset of " + dataset.size() + " images is smaller than one batch of " + options.batchSize() + "; lower --batch");
    }
    this.dataset = dataset;
    this.pipeline = pipeline;
    this.options = options;
    this.badInput = new BadInputLog(dataset.size(), options.maxBadShare());
    this.cache = new DecodeCache(dataset.size(), dataset.inMemory() ? 0 : options.cacheBytes());
    long floats = (long) options.views() * options.batchSize() * pipeline.viewSize();
    this.pool = new BufferPool(options.prefetch() + 1, floats, options.batchSize());
    String prefix = "autodidact-data-" + Integer.toHexString(System.identityHashCode(this)) + "-";
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new WorkerThread(r, prefix + n.incrementAndGet(), dataset.decodeOptions(), onWorkerExit);
          t.setDaemon(true);
          synchronized (threads) {
            threads.add(t);
          }
          return t;
        };
    this.workers = Executors.newFixedThreadPool(options.threads(), factory);
  }

  /** Batches in one epoch (drop-last rounds down, otherwise up). */
  public int batchesPerEpoch() {
    int n = dataset.size();
    int b = options.batchSize();
    return options.dropLast() ? n / b : (n + b - 1) / b;
  }

  /** Shape of a full batch: {@code [views·B, C, size, size]}. */
  public long[] batchShape() {
    return new long[] {
      (long) options.views() * options.batchSize(), pipeline.channels(), pipeline.size(), pipeline.size()
    };
  }

  public Dataset dataset() {
    return dataset;
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public LoaderOptions options() {
    return options;
  }

  /** The sample order of {@code epoch}: a function of (seed, epoch) only. */
  public int[] order(int epoch) {
    int[] order = new int[dataset.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    if (options.shuffle()) {
      SampleRandom.of(options.seed(), epoch, ORDER_STREAM, 0).shuffle(order);
    }
    return order;
  }

  /** Starts {@code epoch} at its first batch. */
  public Epoch epoch(int epoch) {
    return epoch(epoch, 0);
  }

  /**
   * Starts {@code epoch} at batch {@code startBatch} (for an exact resume: the batches delivered are
   * those an uninterrupted epoch would have delivered from that position on).
   *
   * @throws IllegalStateException if closed or another epoch is still open
   */
  public synchronized Epoch epoch(int epoch, int startBatch) {
    checkOpen();
    if (epoch < 0) {
      throw new IllegalArgumentException("epoch must be >= 0, got " + epoch);
    }
    if (startBatch < 0 || startBatch > batchesPerEpoch()) {
      throw new IllegalArgumentException("start batch " + startBatch + " outside 0.." + batchesPerEpoch());
    }
    if (active != null && !active.isClosed()) {
      throw new IllegalStateException("epoch " + active.number() + " is still open; close it first");
    }
    active = new Epoch(this, epoch, order(epoch), startBatch, batchesPerEpoch());
    return active;
  }

  /** Unreadable samples skipped so far (all epochs). */
  public BadInputReport badInput() {
    List<String> files = new ArrayList<>(badInput.entries().values());
    files.sort(null);
    return new BadInputReport(badInput.count(), badInput.byReason(), files);
  }

  /**
   * Stops the workers and closes the open epoch; returns when every worker thread has ended (not only
   * the executor: a pool thread outlives its executor's termination by a moment). Idempotent.
   */
  @Override
  public void close() {
    Epoch e;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      e = active;
    }
    if (e != null) {
      e.close();
    }
    workers.shutdownNow();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("data loader workers did not stop within 30 s");
      }
      List<Thread> all;
      synchronized (threads) {
        all = List.copyOf(threads);
      }
      for (Thread t : all) {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        if (t.isAlive()) {
          throw new IllegalStateException("data loader thread " + t.getName() + " did not end within 30 s");
        }
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
    }
  }

  synchronized boolean isClosed() {
    return closed;
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("data loader is closed");
    }
  }

  // Package-private plumbing for Epoch and the workers.

  void submit(Runnable task) {
    workers.execute(task);
  }

  BufferPool pool() {
    return pool;
  }

  BadInputLog badInputLog() {
    return badInput;
  }

  DecodeCache cache() {
    return cache;
  }

  /** A batch buffer came back: let the active epoch refill its prefetch window. */
  void released(BufferPool.Slot slot) {
    pool.release(slot);
    Epoch e;
    synchronized (this) {
      e = active;
    }
    if (e != null) {
      e.topUp();
    }
  }
}
