package dev.autodidact.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodidact.step.FeedSpec;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.method.MaeMasking;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.Tensors;
import dev.autodidact.runtime.TrainSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Times the training step of a recipe alone: random inputs prepared once, the state fed back by
 * {@link TrainSession}, median over timed steps after warm-up. An image counts once (SimCLR's two views
 * are one image), so the figure compares directly with {@code tools/bench/train_step_torch.py}.
 */
public final class StepBench {
  private StepBench() {}

  /** What one run measured. */
  public record Result(String recipe, int batch, double imagesPerS, double stepMsMedian, double[] stepMs,
      double peakRssMb, int threads, String device, double loss, long buildMs) {}

  /** Runs {@code warmup} untimed and {@code steps} timed steps; {@code profile} enables ORT's profiler. */
  public static Result run(Recipe recipe, int batch, int warmup, int steps, int threads, Device device,
      Path profile) throws OrtException, IOException {
    return run(recipe, batch, warmup, steps, threads, device, profile, Map.of());
  }

  /** As above, with graph build options (formulation switches) for the step graph. */
  public static Result run(Recipe recipe, int batch, int warmup, int steps, int threads, Device device,
      Path profile, Map<String, String> graphOptions) throws OrtException, IOException {
    return run(recipe, batch, warmup, steps, threads, device, profile, graphOptions, Map.of());
  }

  /**
   * As above, with session settings on top of {@link Sessions#options}: {@code mempattern} and {@code arena}
   * (on/off: memory-pattern planning, the CPU arena); any other key is passed to ORT as a session config
   * entry (for example {@code session.use_env_allocators=1}).
   */
  public static Result run(Recipe recipe, int batch, int warmup, int steps, int threads, Device device,
      Path profile, Map<String, String> graphOptions, Map<String, String> sessionOptions)
      throws OrtException, IOException {
    long t0 = System.nanoTime();
    StepProgram p = StepBuilder.train(recipe, batch, 0, BuildOptions.parse(graphOptions));
    long buildMs = (System.nanoTime() - t0) / 1_000_000;
    List<OnnxTensor> owned = new ArrayList<>();
    double[] ms = new double[steps];
    double loss;
    try (OrtSession.SessionOptions o = Sessions.options(device, threads)) {
      if (profile != null) {
        o.enableProfiling(profile.toString());
      }
      applySessionOptions(o, sessionOptions);
      try (TrainSession ts = p.open(o)) {
        Map<String, OnnxTensor> feeds = ortFeeds(p, owned);
        for (int i = 0; i < warmup + steps; i++) {
          long s = System.nanoTime();
          ts.step(feeds);
          if (i >= warmup) {
            ms[i - warmup] = (System.nanoTime() - s) / 1e6;
          }
        }
        loss = ts.scalar(StepProgram.LOSS);
      }
    } finally {
      owned.forEach(OnnxTensor::close);
    }
    double median = StepCompare.median(ms);
    return new Result(recipe.name(), batch, batch / (median / 1000), median, ms, peakRssMb(), threads,
        device.toString(), loss, buildMs);
  }

  /** Applies {@code mempattern}/{@code arena} (on|off) and raw ORT config entries (see {@link #run}). */
  static void applySessionOptions(OrtSession.SessionOptions o, Map<String, String> settings) throws OrtException {
    for (Map.Entry<String, String> e : settings.entrySet()) {
      switch (e.getKey()) {
        case "mempattern" -> o.setMemoryPatternOptimization(onOff(e));
        case "arena" -> o.setCPUArenaAllocator(onOff(e));
        default -> o.addConfigEntry(e.getKey(), e.getValue());
      }
    }
  }

  /** Throws IllegalArgumentException for a {@code mempattern}/{@code arena} value other than on/off. */
  public static void checkSessionOptions(Map<String, String> settings) {
    settings.entrySet().stream().filter(e -> e.getKey().equals("mempattern") || e.getKey().equals("arena"))
        .forEach(StepBench::onOff);
  }

  private static boolean onOff(Map.Entry<String, String> e) {
    return switch (e.getValue()) {
      case "on" -> true;
      case "off" -> false;
      default -> throw new IllegalArgumentException(e.getKey() + " must be on or off, got " + e.getValue());
    };
  }

  /** {@link #randomFeeds} (seed 1) as ORT tensors, each also added to {@code owned} for the caller to close. */
  static Map<String, OnnxTensor> ortFeeds(StepProgram p, List<OnnxTensor> owned) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> feeds = new HashMap<>();
    for (Map.Entry<String, TensorData> e : randomFeeds(p, new SplittableRandom(1)).entrySet()) {
      OnnxTensor t = Tensors.toOrt(env, e.getValue());
      owned.add(t);
      feeds.put(e.getKey(), t);
    }
    return feeds;
  }

  /**
   * Inputs shaped for the step (a new mutable map): images in [−1, 1), MAE masks as the trainer draws
   * them, random labels, the recipe's peak lr, step 1.
   */
  public static Map<String, TensorData> randomFeeds(StepProgram p, SplittableRandom rng) {
    Map<String, TensorData> r = new LinkedHashMap<>();
    Recipe recipe = p.recipe();
    MaeMasking.Ids ids = null;
    for (FeedSpec f : p.feeds()) {
      switch (f.name()) {
        case StepProgram.LR -> r.put(f.name(), TensorData.floats(Shape.scalar(),
            (float) recipe.optimizer().peakLr(p.batch())));
        case StepProgram.STEP -> r.put(f.name(), TensorData.floats(Shape.scalar(), 1f));
        case "ids_keep", "ids_restore" -> {
          if (ids == null) {
            int l = (int) p.feeds().stream().filter(x -> x.name().equals("ids_restore")).findFirst().orElseThrow()
                .shape().dim(1);
            ids = MaeMasking.draw(rng.nextLong(), p.batch(), l, recipe.mae().maskRatio());
          }
          r.put(f.name(), f.name().equals("ids_keep") ? ids.idsKeepTensor() : ids.idsRestoreTensor());
        }
        case "labels" -> {
          long[] v = new long[(int) f.shape().numel()];
          int classes = recipe.classifier() != null ? recipe.classifier().numClasses() : 10;
          Arrays.setAll(v, i -> rng.nextInt(classes));
          r.put(f.name(), TensorData.longs(f.shape(), v));
        }
        default -> {
          if (f.dtype() != DType.FLOAT) {
            throw new IllegalStateException("no random generator for input " + f.name() + " " + f.dtype());
          }
          double[] v = new double[(int) f.shape().numel()];
          Arrays.setAll(v, i -> rng.nextDouble(-1, 1));
          r.put(f.name(), TensorData.fromDoubles(DType.FLOAT, f.shape(), v));
        }
      }
    }
    return r;
  }

  /** The process's peak resident set (VmHWM), or NaN where /proc is not available. */
  public static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
    return Double.NaN;
  }
}
