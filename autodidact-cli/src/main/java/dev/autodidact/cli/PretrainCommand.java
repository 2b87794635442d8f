package dev.autodidact.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.UserInputException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.DatasetStats;
import dev.autodidact.method.Methods;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.ImageInput;
import dev.autodidact.data.Split;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.DeviceChoice;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointException;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.MonitorOptions;
import dev.autodidact.train.Overrides;
import dev.autodidact.train.RecipeDiff;
import dev.autodidact.train.ResumePolicy;
import dev.autodidact.train.RunLock;
import dev.autodidact.train.RunSpec;
import dev.autodidact.train.RunSummary;
import dev.autodidact.train.StopSignal;
import dev.autodidact.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact pretrain}: self-supervised pretraining of a SimCLR or MAE recipe on the user's images. */
@Command(name = "pretrain", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Pretrains a SimCLR or MAE recipe's encoder on your images.",
      "Writes RUN/metrics.jsonl, RUN/summary.json and RUN/checkpoints/step-NNNNNN/. Ctrl-C (or SIGTERM) finishes the",
      "step, writes a checkpoint and exits 0; --resume continues exactly where it stopped. One process at a time",
      "per RUN (RUN/run.lock). Exit 0 done, 2 bad arguments or data, 1 failure."
    })
public final class PretrainCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(PretrainCommand.class);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "Recipe, e.g. models/simclr-resnet-small-28.json.")
  Path recipe;

  @Option(names = "--data", required = true, paramLabel = "DIR|CSV|IDX", description = "Folder of images, CSV manifest or IDX file/folder.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory.")
  Path out;

  @Mixin ImageInputOptions image;

  @Option(names = "--split", paramLabel = "all|NAME[,NAME]",
      description = "CSV rows to train on (default: train, unlabelled and blank-split rows; never test or val).")
  String split;

  /** Where input.mean/std come from. */
  enum Normalize { recipe, auto }

  @Option(names = "--normalize", paramLabel = "recipe|auto", defaultValue = "recipe",
      description = "recipe: the recipe's input.mean/std; auto: measure them on the training rows first (after decoding and windowing,"
          + " a seeded sample of at most " + DatasetStats.DEFAULT_SAMPLE + " images) and record them in the run's recipe.")
  Normalize normalize;

  @Mixin TrainLoopOptions loop;

  @Option(names = "--temperature", paramLabel = "T", description = "SimCLR temperature.")
  Double temperature;

  @Option(names = "--mask-ratio", paramLabel = "R", description = "MAE mask ratio (0.5-0.95).")
  Double maskRatio;

  @Mixin RuntimeOptions runtime;

  @Option(names = "--checkpoint-every", defaultValue = "200", paramLabel = "N", description = "Steps per checkpoint; one is always written at the end (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(names = "--collapse-intervals", defaultValue = "5", paramLabel = "K", description = "Logging intervals with the embedding std under 0.1/sqrt(d) before the collapse warning (default: ${DEFAULT-VALUE}).")
  int collapseIntervals;

  @Option(names = "--monitor-every", paramLabel = "N", description = "Steps between representation-quality measurements (RankMe, std, uniformity on a fixed sample of the data, logged to metrics.jsonl); 0 = off (default: the end of each epoch).")
  Integer monitorEvery;

  @Option(names = "--monitor-samples", paramLabel = "N", description = "Images of the fixed, seeded sample the monitor embeds (default: 2048, at most an eighth of the data set and at least 256).")
  Integer monitorSamples;

  @Option(names = "--monitor-data", paramLabel = "DATA", description = "Labelled images (folder, CSV or IDX) for the kNN monitor: k=20 cosine kNN accuracy of a held-out fifth, logged as knn_acc at each measurement.")
  Path monitorData;

  @Option(names = "--online-probe",
      description = "Also train a linear classifier on the detached encoder features of the labelled images of each batch"
          + " (it never changes the encoder's update); logs online_probe_acc and online_probe_loss. Needs labels in --data.")
  boolean onlineProbe;

  @Option(names = "--keep-best", paramLabel = "knn|rankme",
      description = "Keep RUN/best: the checkpoint of the step with the best knn_acc (needs --monitor-data) or rankme so far.")
  String keepBest;

  @Option(names = "--resume", arity = "0..1", fallbackValue = "latest", paramLabel = "latest|auto",
      description = "Continue RUN from its newest checkpoint. 'auto': skip refused checkpoints for older valid ones, and start fresh when there is none.")
  String resume;

  @Option(names = "--extend",
      description = "With --resume: continue a run with a longer schedule (more --epochs or --max-steps) from its checkpoint."
          + " The rest follows the new schedule from that step: not identical to a run planned that long from the start.")
  boolean extend;

  @Override
  public Integer call() throws Exception {
    Recipe file = Recipes.load(recipe);
    ImageInput input = image.value();
    if (input.window().isPresent()) {
      // Recorded in the recipe, so checkpoints, resume checks and encoder.json carry it.
      file = file.withInput(file.input().withWindow(input.window().get()));
    }
    Split rows = split == null ? Split.pretraining() : Split.parse(split);
    if (normalize == Normalize.auto) {
      Datasets.kind(data);
      file = withMeasuredNormalization(file, rows, input);
    }
    Overrides ov = loop.overrides(temperature, maskRatio, runtime.threads());
    Recipe eff = ov.apply(file);
    if (!Methods.of(eff).selfSupervised()) {
      throw new UserInputException("recipe " + recipe + ": pretrain runs self-supervised recipes ("
          + Methods.selfSupervisedNames() + "), this one is " + eff.method());
    }
    Datasets.kind(data); // an unusable path fails here (exit 2), before minutes of graph building
    if (resume != null && !resume.equals("latest") && !resume.equals("auto")) {
      throw new UserInputException("--resume takes latest (the default) or auto, got " + resume);
    }
    if (extend && resume == null) {
      throw new UserInputException("--extend continues a run: add --resume");
    }
    loop.checkResuming(resume != null);
    MonitorOptions quality = MonitorOptions.fromCli(monitorEvery, monitorSamples, monitorData, onlineProbe, keepBest);
    DeviceChoice dc = runtime.device();
    try (RunLock lock = RunLock.claim(out, "pretrain", "checkpoints", "summary.json", "metrics.jsonl")) {
      return train(file, ov, eff, dc, rows, input, quality);
    }
  }

  private Integer train(Recipe file, Overrides ov, Recipe eff, DeviceChoice dc, Split rows, ImageInput input,
      MonitorOptions quality) throws Exception {
    Checkpoint from = findResume(eff);
    long runSeed = loop.seed() != null ? loop.seed() : from != null ? from.trainer().seed() : 0;
    if (from != null && runSeed != from.trainer().seed()) {
      throw new UserInputException("checkpoint " + from.dir() + " was trained with --seed " + from.trainer().seed()
          + ", not " + runSeed + "; an exact resume needs the same seed");
    }
    RunSpec rs = new RunSpec(file, ov, data, out, runSeed, runtime.session(dc), runtime.loaderThreads(),
        loop.logEvery(), checkpointEvery, loop.keep(), collapseIntervals, loop.progressBar(), rows, input.maxPixels());
    PrintWriter pw = spec.commandLine().getOut();
    try (StopSignal stop = StopSignal.onShutdown()) {
      RunSummary s = new Trainer(rs, quality).run(from, new ResumePolicy(loop.allowDataChange(), extend), stop);
      report(pw, s);
      stop.finish(0);
    }
    return 0;
  }

  /** The recipe with input.mean/std measured on the rows it will train on; deterministic, so a resume agrees. */
  private Recipe withMeasuredNormalization(Recipe r, Split rows, ImageInput input) {
    int n = runtime.loaderThreads();
    Dataset ds = Datasets.open(data, rows, input.decode(r.input().channels(), r.input().effectiveWindow()));
    DatasetStats st = DatasetStats.compute(ds, DatasetStats.DEFAULT_SAMPLE, 0, n);
    LOG.info("--normalize auto: {} from {} of {} images (window {}); recorded in the run's recipe", st.recipeSnippet(),
        st.sampled(), st.images(), r.input().effectiveWindow());
    return r.withInput(r.input().withNormalization(st.mean(), st.std()));
  }

  private Checkpoint findResume(Recipe eff) throws Exception {
    CheckpointStore store = new CheckpointStore(out);
    if (resume == null) {
      List<Path> existing = store.list();
      if (!existing.isEmpty()) {
        throw new UserInputException(out + " already holds a run (newest checkpoint " + existing.get(0).getFileName()
            + "); add --resume to continue it, or choose another --out");
      }
      return null;
    }
    Checkpoint c;
    try {
      // --extend changes the schedule on purpose, so the recipe is compared without it below.
      c = store.newest(extend ? null : Trainer.recipeJson(eff), resume.equals("auto"));
    } catch (CheckpointException e) {
      throw new UserInputException("cannot resume: " + e.getMessage(), e);
    }
    if (c != null && extend) {
      JsonNode was = withoutSchedule(c.trainer().recipe());
      JsonNode now = withoutSchedule(Trainer.recipeJson(eff));
      if (!was.equals(now)) {
        throw new UserInputException("cannot extend: checkpoint " + c.dir() + " was trained with another recipe or"
            + " other overrides (" + RecipeDiff.describe(was, now) + "); --extend may change only the length");
      }
      return c;
    }
    if (c == null && resume.equals("latest")) {
      throw new UserInputException("cannot resume: " + store.dir() + " has no checkpoint (use --resume auto to start fresh when there is none)");
    }
    if (c == null) {
      LOG.info("--resume auto: no checkpoint in {}, starting a new run", store.dir());
      return c;
    }
    Object was = c.trainer().overrides().get("max_steps");
    String wasS = was == null ? "none" : was.toString();
    String nowS = loop.maxSteps() == null ? "none" : loop.maxSteps().toString();
    if (!wasS.equals(nowS)) {
      // --max-steps sets the LR schedule's horizon, so a different one would not continue the same run.
      throw new UserInputException("cannot resume: checkpoint " + c.dir() + " was trained with --max-steps " + wasS
          + ", not " + nowS + "; give the same value (the learning-rate schedule depends on it)");
    }
    return c;
  }

  private static JsonNode withoutSchedule(JsonNode recipe) {
    ObjectNode copy = recipe.deepCopy();
    copy.remove("schedule");
    return copy;
  }

  private void report(PrintWriter pw, RunSummary s) {
    pw.println();
    pw.printf(Locale.ROOT, "%s: %s after %d of %d steps (%.2f epochs), loss %s, %.1f images/s%n", out, s.status(),
        s.step(), s.totalSteps(), s.epochs(), s.finalLoss() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", s.finalLoss()),
        s.imagesPerS());
    if (s.collapseWarning()) {
      pw.println("  WARNING: the embeddings collapsed (see the log and summary.json)");
    }
    pw.println("  metrics:     " + s.files().get("metrics"));
    pw.println("  summary:     " + s.files().get("summary"));
    pw.println("  checkpoint:  " + s.lastCheckpoint());
    if (s.files().containsKey("best")) {
      pw.println("  best:        " + s.files().get("best") + " (by --keep-best " + keepBest + ")");
    }
    if (s.status().equals("interrupted")) {
      pw.println("  resume with: " + ShellWords.resumeCommand(spec.commandLine().getParseResult().originalArgs()));
    }
    pw.println("  export the encoder: autodidact export-encoder --checkpoint " + ShellWords.quote(out.toString()) + " --out "
        + ShellWords.quote(out.resolve("encoder.onnx").toString()));
    pw.flush();
  }
}
