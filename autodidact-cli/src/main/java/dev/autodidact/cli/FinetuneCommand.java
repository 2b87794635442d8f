package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.data.ImageInput;
import dev.autodidact.data.Split;
import dev.autodidact.finetune.FinetuneData;
import dev.autodidact.finetune.FinetuneTask;
import dev.autodidact.finetune.InitWeights;
import dev.autodidact.finetune.MemoryEstimate;
import dev.autodidact.finetune.Validation;
import dev.autodidact.method.Classifier;
import dev.autodidact.method.Methods;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.DeviceChoice;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointException;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.Overrides;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact finetune}: supervised fine-tuning of an encoder with a classification head. */
@Command(name = "finetune", mixinStandardHelpOptions = true, sortOptions = false, resourceBundle = "dev.autodidact.cli.FinetuneCommand",
    description = {
      "Fine-tunes a classifier on labelled DATA from a pretrained encoder or from scratch.",
      "--init takes a run, a checkpoint, an encoder.onnx or none. Validates every epoch; RUN/best/ holds the best",
      "checkpoint by --metric. Ctrl-C writes a checkpoint; --resume continues exactly. Exit 0 done, 2 bad arguments",
      "or data, 1 failure."
    })
public final class FinetuneCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(FinetuneCommand.class);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ImageInputOptions image;

  @Option(names = "--init", required = true, paramLabel = "RUN|CKPT|ONNX|none", description = "Encoder weights: a pretraining run, a checkpoint, an exported encoder.onnx, or none (random init).")
  String init;

  @Option(names = "--recipe", required = true, paramLabel = "FILE", description = "Classifier recipe (method classifier), e.g. models/finetune-resnet-small-28.json; its input and encoder must match --init's.")
  Path recipe;

  @Option(names = "--data", required = true, paramLabel = "DIR|CSV|IDX", description = "Labelled training images.")
  Path data;

  @Option(names = "--split", paramLabel = "NAME", description = "CSV split or IDX train|test of --data.")
  String split;

  @Option(names = "--val", paramLabel = "DIR|CSV|IDX", description = "Labelled validation images (default: --val-fraction of --data).")
  Path val;

  @Option(names = "--val-fraction", defaultValue = "0.1", paramLabel = "F", description = "Share of --data held out for validation when --val is not given (default: ${DEFAULT-VALUE}).")
  double valFraction;

  @Option(names = "--out", required = true, paramLabel = "RUN", description = "Run directory.")
  Path out;

  @Option(names = "--mode", paramLabel = "linear|full|last:N", description = "linear: frozen encoder, BN on running statistics; full: all train; last:N: the last N stages/blocks train (default: the recipe's).")
  String mode;

  @Mixin TrainLoopOptions loop;

  @Option(names = "--accumulate", defaultValue = "1", paramLabel = "N", description = "Micro-batches per update (gradient accumulation; default: ${DEFAULT-VALUE}).")
  int accumulate;

  @Option(names = "--labels-per-class", defaultValue = "0", paramLabel = "K", description = "Train on K images per class (0: all).")
  int labelsPerClass;

  @Mixin LabelColumnsOptions labels;

  @Option(names = "--class-weights", defaultValue = "none", paramLabel = "auto|none", description = "auto: inverse class frequency (default: ${DEFAULT-VALUE}).")
  String classWeights;

  @Option(names = "--metric", defaultValue = "accuracy", paramLabel = "auc|accuracy|balanced_accuracy", description = "Selects RUN/best and drives early stopping (default: ${DEFAULT-VALUE}; multi-label: auc).")
  String metric;

  @Option(names = "--patience", defaultValue = "0", paramLabel = "P", description = "Stop after P epochs without improvement (0: never).")
  int patience;

  @Option(names = "--val-every", defaultValue = "1", paramLabel = "N", description = "Validate every N epochs (default: ${DEFAULT-VALUE}); tiny labelled sets make epochs of a step or two.")
  int valEvery;

  @Option(names = "--max-memory", paramLabel = "SIZE", description = "Refuse to start when the step's estimated peak memory exceeds SIZE (e.g. 4g, 512m).")
  String maxMemory;

  @Mixin RuntimeOptions runtime;

  @Option(names = "--resume", description = "Continue RUN from its newest checkpoint.")
  boolean resume;

  @Override
  public Integer call() throws Exception {
    Recipe file = Recipes.load(recipe);
    if (Methods.byName(file.method()) != Classifier.METHOD) {
      throw new UserInputException("recipe " + recipe + ": finetune needs a classifier recipe (method classifier), this one is "
          + file.method() + "; see models/finetune-resnet-small-28.json");
    }
    Recipe.Classifier c0 = file.classifier();
    String effMode = mode != null ? mode : c0 != null ? c0.mode() : "full";
    checkMode(effMode, file.encoder());
    ImageInput input = image.value();
    if (input.window().isPresent()) {
      // Recorded in the recipe, so checkpoints, resume checks and model.json carry it (as pretrain does).
      file = file.withInput(file.input().withWindow(input.window().get()));
    }
    Validation.Metric m;
    Overrides ov;
    try {
      m = Validation.Metric.parse(metric);
      ov = loop.overrides(null, null, runtime.threads());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    loop.checkResuming(resume);
    if (!classWeights.equals("auto") && !classWeights.equals("none")) {
      throw new UserInputException("--class-weights takes auto or none, got " + classWeights);
    }
    atLeast("--accumulate", accumulate, 1);
    atLeast("--patience", patience, 0);
    atLeast("--labels-per-class", labelsPerClass, 0);
    boolean multi = labels.multiLabel();
    if (multi && m != Validation.Metric.AUC) {
      m = Validation.Metric.AUC;
      LOG.info("multi-label: selecting the best checkpoint by mean AUC");
    }
    long runSeed = loop.seed() != null ? loop.seed() : 0;
    Recipe base;
    try {
      base = ov.apply(file);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    FinetuneData fd = FinetuneData.prepare(data, val, valFraction, labelsPerClass,
        input.decode(base.input().channels(), base.input().effectiveWindow()),
        labels.value(Optional.ofNullable(split)), runSeed);
    List<Double> weights = classWeights.equals("auto") ? fd.trainTargets().inverseFrequencyWeights() : null;
    Recipe.Classifier head;
    try {
      head = new Recipe.Classifier(fd.trainTargets().numClasses(), false, effMode, multi, weights);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--mode: " + e.getMessage(), e);
    }
    // The recipe the run is recorded and resumed with: the file's, with the head this data and these options give.
    Recipe withHead = file.withClassifier(head);
    Recipe eff = ov.apply(withHead);
    InitWeights iw = InitWeights.read(init, eff);
    LOG.info("{} training images ({} classes{}), {} validation images, mode {}, init {}", fd.train().size(),
        head.numClasses(), multi ? ", multi-label" : "", fd.val().size(), effMode, iw.kind());
    if (maxMemory != null) {
      MemoryEstimate.check(eff, eff.train().batch(), accumulate, MemoryEstimate.parseSize(maxMemory));
    }
    DeviceChoice dc = runtime.device();
    SessionConfig session = runtime.session(dc);
    int lt = runtime.loaderThreads();
    RunSpec rs;
    try {
      rs = new RunSpec(withHead, ov, data, out, runSeed, session, lt, loop.logEvery(), 0, loop.keep(), 5,
          loop.progressBar(), Split.pretraining(), input.maxPixels());
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    PrintWriter pw = spec.commandLine().getOut();
    try (RunLock lock = RunLock.claim(out, "finetune", "checkpoints", "best", "summary.json",
        "metrics.jsonl");
        StopSignal stop = StopSignal.onShutdown()) {
      Checkpoint from = findResume(eff);
      FinetuneTask task = new FinetuneTask(fd, eff, iw, m, patience, accumulate, session, lt, valEvery);
      RunSummary s = new Trainer(rs, task).run(from, new ResumePolicy(loop.allowDataChange(), false), stop);
      report(pw, out, s, spec.commandLine().getParseResult().originalArgs());
      stop.finish(0);
    }
    return 0;
  }

  /** Refuses a bad --mode before any data is read: a misspelling, or last:N past the encoder's stages/blocks. */
  private static void checkMode(String m, Recipe.Encoder enc) {
    int n;
    try {
      n = new Recipe.Classifier(2, false, m, false, null).lastN();
    } catch (UserInputException e) {
      throw new UserInputException("--mode: " + e.getMessage(), e);
    }
    if (n > enc.stages()) {
      throw new UserInputException("--mode " + m + ": the encoder has " + enc.stages() + " " + enc.stageUnit()
          + ", so N in last:N goes from 1 to " + enc.stages() + " (full trains them all)");
    }
  }

  private static void atLeast(String option, int value, int min) {
    if (value < min) {
      throw new UserInputException(option + " must be >= " + min + ", got " + value);
    }
  }

  private Checkpoint findResume(Recipe eff) throws Exception {
    CheckpointStore store = new CheckpointStore(out);
    if (!resume) {
      if (!store.list().isEmpty()) {
        throw new UserInputException(out + " already holds a run; add --resume to continue it, or choose another --out");
      }
      return null;
    }
    try {
      Checkpoint c = store.newest(Trainer.recipeJson(eff), false);
      if (c == null) {
        throw new UserInputException("cannot resume: " + store.dir() + " has no checkpoint");
      }
      return c;
    } catch (CheckpointException e) {
      throw new UserInputException("cannot resume: " + e.getMessage(), e);
    }
  }

  /** The end of a run: where things are, how to resume an interrupted one and how to export; commands paste as printed. */
  static void report(PrintWriter pw, Path out, RunSummary s, List<String> args) {
    pw.println();
    pw.printf(Locale.ROOT, "%s: %s after %d of %d steps (%.2f epochs), loss %s%n", out, s.status(), s.step(),
        s.totalSteps(), s.epochs(), s.finalLoss() == null ? "n/a" : String.format(Locale.ROOT, "%.4f", s.finalLoss()));
    pw.println("  " + s.message());
    pw.println("  metrics:     " + s.files().get("metrics"));
    pw.println("  best:        " + out.resolve("best"));
    pw.println("  checkpoint:  " + s.lastCheckpoint());
    if (s.status().equals("interrupted")) {
      pw.println("  resume with: " + ShellWords.resumeCommand(args));
    }
    pw.println("  export:      autodidact export-classifier --checkpoint " + ShellWords.quote(out.resolve("best").toString())
        + " --out " + ShellWords.quote(out.resolve("model.onnx").toString()));
    pw.flush();
  }

}
