package dev.autodidact.api;

import dev.autodidact.data.BadImageException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs every sample of a {@link Dataset} through an {@link InferenceModel}, in dataset order: batches
 * are decoded and preprocessed by {@code threads} workers ahead of the session, and each batch's rows
 * go to a {@link Sink} in order. Unreadable samples are skipped and reported, never fatal. Streaming:
 * memory is a few batches, whatever the dataset size.
 *
 * <pre>{@code
 * DatasetEmbedder.Stats s = DatasetEmbedder.run(dataset, encoder.session(), 64, 4, (idx, rows) -> write(idx, rows),
 *     bad -> log(bad), done -> bar.stepTo(done));
 * }</pre>
 */
public final class DatasetEmbedder {
  private DatasetEmbedder() {}

  /** Receives the rows of one batch: {@code indices[i]} is the dataset index of {@code rows[i]}. */
  @FunctionalInterface
  public interface Sink {
    void accept(int[] indices, float[][] rows) throws IOException;
  }

  /** Receives each unreadable sample (on the consumer thread, in order). */
  @FunctionalInterface
  public interface BadSink {
    void accept(int index, BadImageException e) throws IOException;
  }

  /** Counts at the end. */
  public record Stats(int embedded, int unreadable) {}

  /** One prepared batch. */
  private record Chunk(FloatBuffer images, int[] indices, List<Integer> badIndex, List<BadImageException> bad) {}

  /**
   * Embeds {@code ds} (opened with {@link EvalPreprocessing#decodeOptions} of the model's contract).
   *
   * @param progress called with the number of samples done after each batch
   */
  public static Stats run(Dataset ds, InferenceModel model, int batch, int threads, Sink sink, BadSink badSink,
      java.util.function.IntConsumer progress) throws IOException {
    if (ds.channels() != model.preprocessing().channels()) {
      throw new IllegalArgumentException("dataset decodes " + ds.channels() + " channels, the model takes "
          + model.preprocessing().channels());
    }
    int n = ds.size();
    int chunks = (n + batch - 1) / batch;
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "autodidact-embed");
      t.setDaemon(true);
      return t;
    });
    ThreadLocal<Worker> workers = ThreadLocal.withInitial(() -> new Worker(ds, model));
    ArrayDeque<Future<Chunk>> ahead = new ArrayDeque<>();
    AtomicInteger next = new AtomicInteger();
    int embedded = 0;
    int unreadable = 0;
    try {
      for (int c = 0; c < chunks; c++) {
        while (ahead.size() < threads + 1 && next.get() < chunks) {
          int from = next.getAndIncrement() * batch;
          int to = Math.min(n, from + batch);
          ahead.add(pool.submit(() -> workers.get().prepare(from, to)));
        }
        Chunk ch = get(ahead.poll());
        for (int i = 0; i < ch.bad().size(); i++) {
          badSink.accept(ch.badIndex().get(i), ch.bad().get(i));
        }
        unreadable += ch.bad().size();
        if (ch.indices().length > 0) {
          sink.accept(ch.indices(), model.runPrepared(ch.images(), ch.indices().length));
          embedded += ch.indices().length;
        }
        progress.accept(embedded + unreadable);
      }
    } finally {
      pool.shutdownNow();
    }
    return new Stats(embedded, unreadable);
  }

  private static Chunk get(Future<Chunk> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(e.getCause());
    }
  }

  /** A worker thread's decoder and preparer. */
  private static final class Worker {
    final Dataset ds;
    final ImagePreparer prep;
    final ImageDecoder decoder;
    final FloatImage image = new FloatImage();

    Worker(Dataset ds, InferenceModel model) {
      this.ds = ds;
      this.prep = new ImagePreparer(model.preprocessing());
      this.decoder = new ImageDecoder(ds.decodeOptions());
    }

    Chunk prepare(int from, int to) {
      // A fresh buffer per chunk: chunks in flight and the one being run must not share storage.
      FloatBuffer buf = ByteBuffer.allocateDirect((to - from) * prep.imageFloats() * Float.BYTES)
          .order(ByteOrder.nativeOrder()).asFloatBuffer();
      int[] idx = new int[to - from];
      int k = 0;
      List<Integer> badIndex = new ArrayList<>();
      List<BadImageException> bad = new ArrayList<>();
      for (int i = from; i < to; i++) {
        try {
          ds.load(i, decoder, image);
          prep.prepareDecoded(image, buf, k);
          idx[k++] = i;
        } catch (BadImageException e) {
          badIndex.add(i);
          bad.add(e);
        }
      }
      return new Chunk(buf, Arrays.copyOf(idx, k), badIndex, bad);
    }
  }
}
