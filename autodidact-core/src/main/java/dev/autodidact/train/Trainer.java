package dev.autodidact.train;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.FileErrors;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.data.DataException;
import dev.autodidact.data.DataFingerprint;
import dev.autodidact.data.HeaderScan;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Split;
import dev.autodidact.data.augment.Normalize;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.data.loader.Batch;
import dev.autodidact.data.loader.DataLoader;
import dev.autodidact.data.loader.Epoch;
import dev.autodidact.data.loader.LoaderOptions;
import dev.autodidact.method.Diagnostics;
import dev.autodidact.method.Methods;
import dev.autodidact.method.OnlineProbe;
import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.TrainSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pretraining loop: data loader → train step → metrics, health checks and checkpoints, for SimCLR
 * and MAE recipes.
 *
 * <p>Exactness: the data order, every view's pixels and MAE's masks are functions of (seed, epoch,
 * position), the learning rate a function of the update count, and the state is the step's only
 * memory; a checkpoint records the position of the next batch. So a run interrupted at any step and
 * resumed ends with the same state as an uninterrupted one (bit for bit on the CPU with a fixed thread
 * count).
 */
public final class Trainer {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  private final RunSpec spec;
  private final Recipe recipe;
  private final TrainTask task;
  private final MonitorOptions monitor;
  private final ObjectMapper json = Json.pretty();

  /** A pretraining run (SimCLR or MAE), without the quality monitor. */
  public Trainer(RunSpec spec) {
    this(spec, (TrainTask) null, MonitorOptions.off());
  }

  /**
   * A run of {@code spec} with a supervised {@code task} (fine-tuning: labels, validation, best
   * checkpoint, early stopping), or pretraining when {@code task} is null.
   */
  public Trainer(RunSpec spec, TrainTask task) {
    this(spec, task, MonitorOptions.off());
  }

  /** A pretraining run measuring representation quality as {@code monitor} asks (see {@link QualityMonitor}). */
  public Trainer(RunSpec spec, MonitorOptions monitor) {
    this(spec, null, monitor);
  }

  /** As {@link #Trainer(RunSpec, TrainTask)}, with the quality monitor. */
  public Trainer(RunSpec spec, TrainTask task, MonitorOptions monitor) {
    this.spec = spec;
    this.monitor = monitor;
    this.recipe = spec.recipe();
    this.task = task;
    if (task == null && !Methods.of(recipe).selfSupervised()) {
      throw new UserInputException("pretrain runs self-supervised recipes (" + Methods.selfSupervisedNames() + "); "
          + recipe.name() + " is " + recipe.method());
    }
  }

  /** The effective recipe as JSON: what a checkpoint must have been trained with to be resumed here. */
  public static JsonNode recipeJson(Recipe r) {
    try {
      return Json.compact().readTree(r.toJson());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The augmentation pipeline of a recipe, normalized with the recipe's statistics. */
  public static Pipeline pipeline(Recipe r) {
    Recipe.Input in = r.input();
    String preset = r.augment() != null ? r.augment().preset() : Methods.of(r).defaultPreset();
    double strength = r.augment() != null && r.augment().strength() > 0 ? r.augment().strength()
        : Presets.defaultStrength(in.size());
    return Presets.byName(preset, in.size(), in.channels(), strength).withNormalize(new Normalize(in.mean(), in.std()));
  }

  /** {@link #loader(Recipe, Path, Split, long, int, long)} with the pretraining split and the default pixel limit. */
  public static DataLoader loader(Recipe r, Path data, int threads, long seed) {
    return loader(r, data, Split.pretraining(), DecodeOptions.DEFAULT_MAX_PIXELS, threads, seed);
  }

  /**
   * Opens the data (the rows of {@code split}, decoded with the recipe's channels and window) and the
   * loader for a recipe; an unusable source, or one with too many unreadable files (every header is
   * read first, in parallel), throws {@link DataException}.
   */
  public static DataLoader loader(Recipe r, Path data, Split split, long maxPixels, int threads, long seed) {
    DecodeOptions decode = new DecodeOptions(r.input().channels(), maxPixels, r.input().effectiveWindow());
    Dataset ds = Datasets.open(data, split, decode);
    HeaderScan.check(ds, LoaderOptions.DEFAULT_MAX_BAD_SHARE, threads);
    int batch = r.train().batch();
    if (ds.size() < batch) {
      throw new DataException(data + ": " + ds.size() + " images, fewer than one batch of " + batch + "; lower --batch");
    }
    int views = Methods.of(r).viewsPerSample();
    return new DataLoader(ds, pipeline(r), LoaderOptions.training(batch, views, threads, seed));
  }

  /**
   * Runs from {@code resume} (null: from the initial state) until the plan's last step or a stop
   * request; writes metrics, checkpoints and the summary.
   *
   * @throws TrainingFailedException when the loss or state becomes non-finite
   */
  public RunSummary run(Checkpoint resume, StopSignal stop) throws IOException, OrtException {
    return run(resume, ResumePolicy.STRICT, stop);
  }

  /** As {@link #run(Checkpoint, StopSignal)}, with what the resume may change. */
  public RunSummary run(Checkpoint resume, ResumePolicy policy, StopSignal stop) throws IOException, OrtException {
    try {
      return BigStack.call("autodidact-train", () -> runHere(resume, policy, stop));
    } catch (IOException | OrtException | RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private RunSummary runHere(Checkpoint resume, ResumePolicy policy, StopSignal stop) throws IOException, OrtException {
    Path out = spec.out();
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw FileErrors.failed("create run directory", out, e);
    }
    long seed = spec.seed();
    if (recipe.simclr() != null && recipe.train().batch() < 32) {
      LOG.warn("--batch {} is small for SimCLR: contrastive learning needs many negatives per batch (256 or more is"
          + " usual, 32 at the very least); expect weak features", recipe.train().batch());
    }
    CheckpointStore store = new CheckpointStore(out);
    int accumulate = task == null ? 1 : task.accumulate();
    try (DataLoader loader = task == null
        ? loader(recipe, spec.data(), spec.split(), spec.maxPixels(), spec.loaderThreads(), seed)
        : taskLoader(seed, accumulate)) {
      // Before anything expensive: a resume on other data is reported at once.
      DataFingerprint data = DataFingerprint.of(spec.data(), loader.dataset());
      List<RunChange> changes = new ArrayList<>(resume == null ? List.of() : resume.trainer().changes());
      if (resume != null) {
        policy.checkData(resume, data, changes);
      }
      TrainPlan plan = TrainPlan.of(spec.recipeFile(), recipe, loader.batchesPerEpoch() / accumulate, spec.maxSteps());
      if (resume != null) {
        policy.checkExtend(resume, plan, changes);
      }
      LOG.info("{}: {} images, batch {}, {} steps per epoch, {} steps, peak lr {} (warmup {} steps), seed {}",
          recipe.name(), loader.dataset().size(), recipe.train().batch(), plan.stepsPerEpoch(), plan.totalSteps(),
          fmt(plan.lr().peak()), plan.lr().warmupSteps(), seed);
      LOG.info("ONNX Runtime session: {}", spec.session().describe());
      ProbeLabels probe = task == null && monitor.onlineProbe() ? ProbeLabels.of(spec.data(), spec.split(),
          new DecodeOptions(recipe.input().channels(), spec.maxPixels(), recipe.input().effectiveWindow()),
          loader.dataset()) : null;
      if (probe != null) {
        LOG.info("online linear probe: {} classes, {} of {} training images labelled", probe.classes(), probe.labelled(),
            loader.dataset().size());
      }
      long t0 = System.nanoTime();
      StepProgram program = task != null ? task.program(seed) : probe == null
          ? StepBuilder.train(recipe, recipe.train().batch(), seed)
          : StepBuilder.trainWithProbe(recipe, recipe.train().batch(), seed, BuildOptions.DEFAULT, probe.classes());
      LOG.info("built the train step in {} ms", (System.nanoTime() - t0) / 1_000_000);
      try (OrtSession.SessionOptions so = Sessions.options(spec.session());
          TrainSession ts = program.open(so);
          StepFeeds feeds = new StepFeeds(program, seed, task, probe)) {
        Loop loop = new Loop(plan, store, ts, feeds, loader, accumulate, data, changes, probe != null);
        if (resume != null) {
          if (task != null) {
            task.restore(resume.trainer().task());
          }
          ts.load(withFreshProbe(resume.state(), program));
          store.setAsideAfter(resume.trainer().step());
          loop.resumeFrom(resume);
          LOG.info("resumed from {} (step {}, epoch {}, batch {})", resume.dir(), resume.trainer().step(),
              resume.trainer().epoch(), resume.trainer().batchInEpoch());
        }
        return loop.run(stop);
      }
    }
  }

  /**
   * {@code state}, plus the initial online-probe tensors the step wants and the checkpoint lacks (a run
   * resumed with {@code --online-probe} that was trained without it: the probe starts fresh; the encoder
   * does not depend on it). Probe tensors of a checkpoint the step does not want are ignored.
   */
  private static Map<String, TensorData> withFreshProbe(Map<String, TensorData> state, StepProgram program) {
    Map<String, TensorData> r = new LinkedHashMap<>(state);
    boolean fresh = false;
    for (var slot : program.slots()) {
      if (!r.containsKey(slot.input()) && OnlineProbe.owns(slot.input())) {
        r.put(slot.input(), program.initialState().get(slot.input()));
        fresh = true;
      }
    }
    if (fresh) {
      LOG.info("the checkpoint has no online probe: the probe starts from its initial weights");
    }
    return r;
  }

  private DataLoader taskLoader(long seed, int accumulate) {
    Dataset ds = task.dataset();
    int batch = recipe.train().batch();
    if (ds.size() < (long) batch * accumulate) {
      throw new DataException(spec.data() + ": " + ds.size() + " training images, fewer than one update of " + batch
          + " x " + accumulate + "; lower --batch or --accumulate");
    }
    return new DataLoader(ds, task.pipeline(), LoaderOptions.training(batch, 1, spec.loaderThreads(), seed));
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.4g", v);
  }

  /** The state of one session of the loop. */
  private final class Loop {
    final TrainPlan plan;
    final CheckpointStore store;
    final TrainSession ts;
    final StepFeeds feeds;
    final DataLoader loader;
    final CollapseMonitor collapse;
    final boolean hasStd;
    final int accumulate;
    final CheckpointStore bestStore;
    final DataFingerprint data;
    final List<RunChange> changes;
    final boolean probe;
    final BestKeeper best;
    long step;
    int epoch;
    int position;
    double elapsedBefore;
    double lastLoss = Double.NaN;
    Path lastCheckpoint;
    long lastCheckpointStep = -1;

    Loop(TrainPlan plan, CheckpointStore store, TrainSession ts, StepFeeds feeds, DataLoader loader, int accumulate,
        DataFingerprint data, List<RunChange> changes, boolean probe) throws IOException {
      this.accumulate = accumulate;
      this.probe = probe;
      this.best = task == null && monitor.keepBest() != MonitorOptions.KeepBest.NONE
          ? new BestKeeper(spec.out(), monitor.keepBest()) : null;
      this.bestStore = new CheckpointStore(spec.out(), "best");
      this.plan = plan;
      this.data = data;
      this.changes = List.copyOf(changes);
      this.store = store;
      this.ts = ts;
      this.feeds = feeds;
      this.loader = loader;
      this.collapse = new CollapseMonitor(CollapseMonitor.defaultThreshold(recipe), spec.collapseIntervals());
      this.hasStd = recipe.train().batch() >= 2;
      var existing = store.list();
      this.lastCheckpoint = existing.isEmpty() ? null : existing.get(0);
    }

    void resumeFrom(Checkpoint c) throws IOException {
      if (best != null) {
        best.restore();
      }
      step = c.trainer().step();
      epoch = c.trainer().epoch();
      position = c.trainer().batchInEpoch();
      if (position >= plan.stepsPerEpoch() * accumulate) {
        // Other data (--allow-data-change) with fewer batches per epoch: its epoch is over.
        epoch++;
        position = 0;
      }
      elapsedBefore = c.trainer().elapsedSeconds();
      lastLoss = c.trainer().loss();
      lastCheckpoint = c.dir();
      lastCheckpointStep = step;
    }

    RunSummary run(StopSignal stop) throws IOException, OrtException {
      long startStep = step;
      long start = System.nanoTime();
      int batch = recipe.train().batch();
      // With accumulation an update takes `accumulate` batches; an epoch's leftover batches are skipped.
      long batchesPerEpoch = plan.stepsPerEpoch() * accumulate;
      String status = "completed";
      String endMessage = null;
      try (MetricsLog metrics = new MetricsLog(spec.out(), step);
          Progress progress = new Progress(spec.progressBar(), step, plan.totalSteps())) {
        QualityHook quality = monitor.enabled() ? new QualityHook(new QualityMonitor(recipe, spec.data(),
            monitor.labelled(), monitor.samplesFor(loader.dataset().size()), spec.seed(), spec.session().device(), spec.session().threads()), metrics, progress)
            : null;
        long intervalStart = System.nanoTime();
        int n = 0;
        int micro = 0;
        double lossSum = 0;
        double stdSum = 0;
        double gradSum = 0;
        ProbeTally probeTally = probe ? new ProbeTally() : null;
        outer:
        while (step < plan.totalSteps()) {
          try (Epoch ep = loader.epoch(epoch, position)) {
            while (ep.hasNext() && position < batchesPerEpoch && step < plan.totalSteps()) {
              if (position % accumulate == 0 && stop.requested(step)) {
                status = "interrupted";
                break outer;
              }
              double lr = plan.lr().lr(step);
              boolean apply = (position + 1) % accumulate == 0;
              try (Batch b = ep.next()) {
                var in = feeds.prepare(b.images(), epoch, b.position(), step + 1, lr,
                    task == null && !probe ? null : b.indices(), apply);
                ts.step(in);
                position = b.position() + 1;
              }
              double loss = ts.scalar(StepProgram.LOSS);
              if (ts.scalar(StepProgram.NON_FINITE) != 0 || !Double.isFinite(loss)) {
                step++; // the update that failed, as the message and summary name it
                metrics.append(new MetricsLog.Line(step, epoch, Json.finite(loss), lr, null, null, null,
                    elapsedBefore + (System.nanoTime() - start) / 1e9));
                diverged(metrics, Double.isFinite(loss) ? "the gradients became non-finite (loss " + fmt(loss) + ")"
                    : "the loss became " + loss, lr, start, startStep);
              }
              lossSum += loss;
              if (probeTally != null) {
                probeTally.add(ts);
              }
              stdSum += hasStd ? ts.scalar(Diagnostics.EMBEDDING_STD) : 0;
              micro++;
              if (!apply) {
                continue;
              }
              step++;
              gradSum += ts.scalar(StepProgram.GRAD_NORM);
              n++;
              progress.step(step);
              boolean last = step == plan.totalSteps();
              if (step % spec.logEvery() == 0 || last) {
                double secs = (System.nanoTime() - intervalStart) / 1e9;
                lastLoss = lossSum / micro;
                double std = hasStd ? stdSum / micro : Double.NaN;
                MetricsLog.Line line = new MetricsLog.Line(step, epoch, Json.finite(lastLoss), lr, micro * batch / secs,
                    Json.finite(std), Json.finite(gradSum / n), elapsedBefore + (System.nanoTime() - start) / 1e9);
                if (probeTally != null) {
                  Map<String, Object> extra = probeTally.takeInterval();
                  metrics.append(line, extra);
                  progress.probe((Double) extra.get(ProbeTally.ACC));
                } else {
                  metrics.append(line);
                }
                double perStep = (System.nanoTime() - start) / 1e9 / (step - startStep);
                progress.interval(line, perStep * (plan.totalSteps() - step));
                if (task == null && hasStd && collapse.observe(std)) {
                  LOG.warn("!!! COLLAPSE WARNING at step {}: the embedding std has stayed below {} (0.1/sqrt(d)) for {}"
                      + " logging intervals (now {}); the encoder maps every image to nearly the same point. Try a"
                      + " lower learning rate, a higher temperature or stronger augmentation.", step,
                      fmt(collapse.threshold()), spec.collapseIntervals(), fmt(std));
                }
                intervalStart = System.nanoTime();
                n = 0;
                micro = 0;
                lossSum = 0;
                stdSum = 0;
                gradSum = 0;
              }
              boolean epochDone = position == batchesPerEpoch;
              Map<String, TensorData> measured = null;
              if (quality != null && monitor.due(step, epochDone, last)) {
                measured = ts.state();
                intervalStart += quality.measure(step, epoch, measured); // not part of the next interval's img/s
              }
              if (epochDone) {
                epoch++;
                position = 0;
              }
              if (measured != null && best != null) {
                long t0 = System.nanoTime();
                best.offer(quality.last(), trainerState(start), measured); // after the epoch moved on, as a checkpoint
                intervalStart += System.nanoTime() - t0;
              }
              boolean reported = false;
              if (epochDone && task != null) {
                TrainTask.EpochResult r = endOfEpoch(metrics, lr, start, startStep);
                if (r.stop()) {
                  status = "early_stopped";
                  endMessage = r.message();
                  break outer;
                }
                reported = !r.metrics().isEmpty();
              }
              if (!reported && spec.checkpointEvery() > 0 && step % spec.checkpointEvery() == 0 && !last) {
                checkpointOrDiverge(metrics, lr, start, startStep);
              }
              if (epochDone) {
                break; // leftover batches of this epoch (accumulation) are skipped: the next epoch starts
              }
            }
          }
        }
        if (step > lastCheckpointStep) {
          checkpointOrDiverge(metrics, plan.lr().lr(Math.max(0, step - 1)), start, startStep);
        }
      }
      String message = switch (status) {
        case "interrupted" -> "stopped at step " + step + " of " + plan.totalSteps() + " on request; resume with --resume";
        case "early_stopped" -> "stopped early at step " + step + ": " + endMessage;
        default -> "completed " + step + " steps";
      };
      return summary(status, start, startStep, message);
    }

    /**
     * The task's epoch end: its metrics line, the best checkpoint when it improved, and a checkpoint of
     * the run (so the task's progress and the state are saved together).
     */
    @SuppressWarnings("unchecked")
    private TrainTask.EpochResult endOfEpoch(MetricsLog metrics, double lr, long start, long startStep)
        throws IOException {
      Map<String, TensorData>[] state = new Map[1];
      TrainTask.EpochResult r = task.endOfEpoch(epoch - 1, step, () -> state[0] = ts.state());
      if (r.metrics().isEmpty()) {
        return r;
      }
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("step", step);
      line.put("epoch", epoch - 1);
      line.putAll(r.metrics());
      line.put("seconds", elapsedBefore + (System.nanoTime() - start) / 1e9);
      metrics.appendRaw(line);
      LOG.info("epoch {} (step {}): {}", epoch - 1, step, r.message());
      // The task's progress changes only when it reports, so a checkpoint then keeps resume exact.
      checkpointOrDiverge(metrics, lr, start, startStep);
      if (r.improved()) {
        bestStore.write(trainerState(start), state[0], 1);
      }
      return r;
    }

    private void checkpointOrDiverge(MetricsLog metrics, double lr, long start, long startStep) throws IOException {
      try {
        checkpoint(start);
      } catch (NonFiniteState e) {
        diverged(metrics, "the updated weights became non-finite (" + e.getMessage() + ")", lr, start, startStep);
      }
    }

    private TrainerState trainerState(long start) {
      Map<String, Object> lr = new LinkedHashMap<>();
      lr.put("peak", plan.lr().peak());
      lr.put("min_lr", plan.lr().minLr());
      lr.put("warmup_steps", plan.lr().warmupSteps());
      lr.put("total_steps", plan.lr().totalSteps());
      return new TrainerState(TrainerState.FORMAT, step, epoch, position, spec.seed(), recipeJson(recipe),
          recipeJson(spec.recipeFile()), spec.overrides().given(), lr, lastLoss,
          elapsedBefore + (System.nanoTime() - start) / 1e9, version(), data, changes,
          task == null ? null : task.state());
    }

    private void checkpoint(long start) throws IOException {
      long t0 = System.nanoTime();
      TrainerState t = trainerState(start);
      Map<String, TensorData> state = ts.state();
      String bad = firstNonFinite(state);
      if (bad != null) {
        // The flag covers the loss and gradients of a step, not its update: an LR large enough can
        // overflow the weights themselves. Such a state must never replace a good checkpoint.
        throw new NonFiniteState(bad);
      }
      lastCheckpoint = store.write(t, state, spec.keep());
      lastCheckpointStep = step;
      LOG.debug("checkpoint {} in {} ms", lastCheckpoint, (System.nanoTime() - t0) / 1_000_000);
    }

    private void diverged(MetricsLog metrics, String what, double lr, long start, long startStep) throws IOException {
      String kept = lastCheckpoint == null ? "No checkpoint had been written yet."
          : "The last good checkpoint is " + lastCheckpoint + "; nothing after it was saved.";
      String msg = "training stopped at step " + step + " (epoch " + epoch + "): " + what + " at learning rate "
          + fmt(lr) + ". " + kept + " Try a lower learning rate (--lr, the base rate, now "
          + fmt(recipe.optimizer().baseLr()) + "), a longer warmup (schedule.warmup_epochs), or gradient clipping"
          + " (optimizer.clip_grad_norm in the recipe).";
      summary("diverged", start, startStep, msg);
      throw new TrainingFailedException(msg);
    }

    private RunSummary summary(String status, long start, long startStep, String message) throws IOException {
      double secs = (System.nanoTime() - start) / 1e9;
      Map<String, String> files = new LinkedHashMap<>();
      files.put("metrics", spec.out().resolve(MetricsLog.FILE).toString());
      files.put("summary", spec.out().resolve(RunSummary.FILE).toString());
      files.put("checkpoints", store.dir().toString());
      if (best != null && best.written() != null) {
        files.put("best", best.written().toString());
      }
      RunSummary s = new RunSummary(status, recipe.name(), step, plan.totalSteps(), (double) step / plan.stepsPerEpoch(),
          Json.finite(lastLoss), secs > 0 ? (step - startStep) * recipe.train().batch() / secs : 0,
          elapsedBefore + secs, collapse.fired(), lastCheckpoint == null ? null : lastCheckpoint.toString(), files,
          message, data);
      AtomicFiles.write(spec.out().resolve(RunSummary.FILE), json.writeValueAsBytes(s));
      return s;
    }
  }

  /** The name of the first state tensor holding a NaN or infinity, or null. */
  static String firstNonFinite(Map<String, TensorData> state) {
    for (Map.Entry<String, TensorData> e : state.entrySet()) {
      TensorData t = e.getValue();
      if (t.dtype() == DType.FLOAT) {
        java.nio.FloatBuffer f = t.bytes().order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        for (int i = 0; i < f.limit(); i++) {
          if (!Float.isFinite(f.get(i))) {
            return e.getKey();
          }
        }
      }
    }
    return null;
  }

  /** A state tensor is not finite; the message names it. */
  private static final class NonFiniteState extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NonFiniteState(String tensor) {
      super(tensor + " holds NaN or infinity");
    }
  }

  /** The library version recorded in checkpoints. */
  public static String version() {
    String v = Trainer.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }
}
