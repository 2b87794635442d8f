package dev.autodidact.bench;

import ai.onnxruntime.OrtSession;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.data.loader.Batch;
import dev.autodidact.data.loader.DataLoader;
import dev.autodidact.data.loader.Epoch;
import dev.autodidact.method.Diagnostics;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.TrainSession;
import dev.autodidact.train.StepFeeds;
import dev.autodidact.train.Trainer;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * End-to-end pretraining throughput (data loader feeding the step, as {@code autodidact pretrain} runs
 * it) next to the step alone on the same session, and the Java heap garbage per step.
 *
 * <p>Rounds alternate: {@code steps} end-to-end steps, then {@code steps} steps on one batch copied
 * aside (no loader work at all: the loader's epoch is closed, so its threads are idle), so load from
 * other processes hits both alike; the medians of the step times are compared. Garbage is the bytes
 * allocated by the loop thread, and by all live threads (loop and loader workers), over the
 * end-to-end steps, from {@code com.sun.management.ThreadMXBean}.
 */
public final class PretrainBench {
  private PretrainBench() {}

  /**
   * What one run measured.
   *
   * @param endToEndImagesPerS images per second with the loader (median step time)
   * @param stepImagesPerS images per second of the step alone (median step time)
   * @param pipelineOverhead {@code 1 − endToEnd / step}: the share of throughput the pipeline costs
   * @param loopBytesPerStep heap bytes allocated per end-to-end step by the loop thread
   * @param allThreadsBytesPerStep heap bytes allocated per end-to-end step by all threads (loop and loader)
   */
  public record Result(String recipe, int batch, int threads, int loaderThreads, int rounds, int stepsPerRound,
      double endToEndImagesPerS, double stepImagesPerS, double pipelineOverhead, double endToEndStepMsMedian,
      double stepMsMedian, long loopBytesPerStep, long allThreadsBytesPerStep, double peakRssMb) {}

  /** Runs {@code warmup} untimed end-to-end steps, then {@code rounds} × ({@code steps} end-to-end, {@code steps} alone). */
  public static Result run(Recipe recipe, Path data, int warmup, int steps, int rounds, SessionConfig session,
      int loaderThreads, long seed) throws Exception {
    return BigStack.call("autodidact-bench", () -> runHere(recipe, data, warmup, steps, rounds, session, loaderThreads, seed));
  }

  private static Result runHere(Recipe recipe, Path data, int warmup, int steps, int rounds, SessionConfig session,
      int loaderThreads, long seed) throws Exception {
    int batch = recipe.train().batch();
    StepProgram p = StepBuilder.train(recipe, batch, seed);
    com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long self = Thread.currentThread().getId();
    double[] e2e = new double[rounds * steps];
    double[] alone = new double[rounds * steps];
    long loopBytes = 0;
    long allBytes = 0;
    try (DataLoader loader = Trainer.loader(recipe, data, loaderThreads, seed);
        OrtSession.SessionOptions so = Sessions.options(session);
        TrainSession ts = p.open(so);
        StepFeeds feeds = new StepFeeds(p, seed)) {
      boolean std = p.scalars().contains(Diagnostics.EMBEDDING_STD);
      FloatBuffer aside = ByteBuffer.allocateDirect(4 * (int) Arrays.stream(feeds.xShape()).reduce(1, (a, b) -> a * b))
          .order(ByteOrder.nativeOrder()).asFloatBuffer();
      int epoch = 0;
      int position = 0;
      long update = 0;
      for (int round = -1; round < rounds; round++) {
        int n = round < 0 ? warmup : steps;
        try (Epoch ep = loader.epoch(epoch, position)) {
          long[] ids = mx.getAllThreadIds();
          long all0 = sum(mx.getThreadAllocatedBytes(ids));
          long loop0 = mx.getThreadAllocatedBytes(self);
          for (int i = 0; i < n; i++) {
            if (!ep.hasNext()) {
              break;
            }
            long t0 = System.nanoTime();
            try (Batch b = ep.next()) {
              ts.step(feeds.prepare(b.images(), epoch, b.position(), ++update, 1e-4));
              position = b.position() + 1;
              if (i == n - 1) {
                aside.clear();
                aside.put(b.images()).flip();
              }
            }
            readScalars(ts, std);
            if (round >= 0) {
              e2e[round * steps + i] = (System.nanoTime() - t0) / 1e6;
            }
          }
          if (round >= 0) {
            loopBytes += mx.getThreadAllocatedBytes(self) - loop0;
            allBytes += sum(mx.getThreadAllocatedBytes(ids)) - all0;
          }
        }
        if (position >= loader.batchesPerEpoch()) {
          epoch++;
          position = 0;
        }
        if (round < 0) {
          continue;
        }
        for (int i = 0; i < steps; i++) {
          long t0 = System.nanoTime();
          ts.step(feeds.prepare(aside.duplicate(), epoch, i, ++update, 1e-4));
          readScalars(ts, std);
          alone[round * steps + i] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    double me2e = StepCompare.median(e2e);
    double malone = StepCompare.median(alone);
    long total = (long) rounds * steps;
    return new Result(recipe.name(), batch, session.threads(), loaderThreads, rounds, steps, batch / (me2e / 1000),
        batch / (malone / 1000), 1 - malone / me2e, me2e, malone, loopBytes / total, allBytes / total,
        StepBench.peakRssMb());
  }

  private static void readScalars(TrainSession ts, boolean std) {
    ts.scalar(StepProgram.LOSS);
    ts.scalar(StepProgram.NON_FINITE);
    ts.scalar(StepProgram.GRAD_NORM);
    if (std) {
      ts.scalar(Diagnostics.EMBEDDING_STD);
    }
  }

  private static long sum(long[] v) {
    long s = 0;
    for (long x : v) {
      s += Math.max(0, x); // -1 for threads that ended
    }
    return s;
  }
}
