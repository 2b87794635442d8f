package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.data.Datasets;
import dev.autodidact.eval.EvalEncoders;
import dev.autodidact.eval.EvalOptions;
import dev.autodidact.eval.Evaluation;
import dev.autodidact.eval.LabelsPerClass;
import dev.autodidact.eval.Probe;
import dev.autodidact.train.RunLock;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autodidact evaluate}: linear probe and kNN on a frozen encoder's features at several label
 * budgets, beside a random-init baseline; writes {@code EVAL/results.json} and prints a table.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = {
      "Evaluates a pretrained encoder with a linear probe and weighted kNN on its frozen features.",
      "At K labels per class (mean ± std over repeated draws, 95%% bootstrap CIs), optionally beside a randomly",
      "initialised encoder of the same recipe. Writes EVAL/results.json (docs/evaluation.md) and caches features",
      "in EVAL/features/."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "RUN|CKPT|encoder.onnx",
      description = "A pretraining run (its newest checkpoint), one checkpoint directory, or an exported encoder.onnx.")
  Path model;

  @Option(names = "--train", paramLabel = "DATA", description = "Labelled training data (folder with class subfolders, CSV, IDX; an IDX folder gives its train split).")
  Path train;

  @Option(names = "--test", paramLabel = "DATA", description = "Labelled test data (an IDX folder gives its t10k split).")
  Path test;

  @Option(names = "--data", paramLabel = "CSV|IDX", description = "Instead of --train/--test: a CSV with a split column (train/test) or an IDX folder.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "EVAL", description = "Output directory (results.json, features/).")
  Path out;

  @Option(names = "--labels-per-class", defaultValue = "10,100,all", paramLabel = "K,...",
      description = "Label budgets per class, numbers and/or all (default: ${DEFAULT-VALUE}).")
  String labelsPerClass;

  @Option(names = "--repeats", defaultValue = "3", paramLabel = "R", description = "Label subsets drawn per budget (default: ${DEFAULT-VALUE}).")
  int repeats;

  @Option(names = "--probe", defaultValue = "linear,knn", paramLabel = "P,...", description = "linear and/or knn (default: ${DEFAULT-VALUE}).")
  String probes;

  @Option(names = "--baseline", defaultValue = "none", paramLabel = "random|none",
      description = "random: the same probes on a randomly initialised encoder of the same recipe and seed (default: ${DEFAULT-VALUE}).")
  String baseline;

  @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "Seeds the label subsets and the bootstrap (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--lambda", defaultValue = "1e-3", paramLabel = "L", description = "Linear probe weight on ||W||^2 (default: ${DEFAULT-VALUE}).")
  double lambda;

  @Option(names = "--knn-k", defaultValue = "20,200", paramLabel = "K,...", description = "Neighbours of each kNN probe (default: ${DEFAULT-VALUE}).")
  String knnK;

  @Option(names = "--device", defaultValue = "cpu", paramLabel = "auto|cpu|cuda[:N]", description = "Where the encoder runs (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--threads", paramLabel = "N", description = "CPU threads (default: all cores).")
  Integer threads;

  @Option(names = "--json", description = "Print results.json instead of the table.")
  boolean json;

  @Mixin ImageInputOptions image;

  @Override
  public Integer call() throws Exception {
    Evaluation.DataSpec[] sides = dataSpecs();
    boolean withBaseline = switch (baseline.toLowerCase(Locale.ROOT)) {
      case "random" -> true;
      case "none" -> false;
      default -> throw new UserInputException("--baseline: '" + baseline + "' is not random or none");
    };
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    EvalOptions o = new EvalOptions(LabelsPerClass.parseList(labelsPerClass), repeats, Probe.parseList(probes), seed,
        lambda, ks(knnK), 0.07, dev.autodidact.eval.Bootstrap.RESAMPLES, withBaseline, n);
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter outw = spec.commandLine().getOut();
    java.util.function.Consumer<String> log = line -> { // progress on stderr, the table on stdout
      err.println(line);
      err.flush();
    };
    Evaluation.Outcome r;
    // One evaluate per EVAL directory: two processes would interleave the feature cache and results.json.
    try (RunLock lock = RunLock.claim(out, "evaluate", "results.json", "features", "report.html");
        EvalEncoders enc = EvalEncoders.open(model, withBaseline, device, n, log)) {
      r = Evaluation.run(enc, sides[0], sides[1], out, o, image.value(), log);
    }
    if (json) {
      outw.print(Files.readString(r.results()));
      outw.println();
    } else {
      outw.print(r.table());
      outw.println("results: " + r.results());
    }
    outw.flush();
    return 0;
  }

  private Evaluation.DataSpec[] dataSpecs() {
    if (data != null) {
      if (train != null || test != null) {
        throw new UserInputException("give either --data or --train and --test, not both");
      }
      Datasets.Kind k = kind(data);
      if (k != Datasets.Kind.CSV && k != Datasets.Kind.IDX_FOLDER) {
        throw new UserInputException("--data " + data + ": needs a CSV manifest with a split column or an IDX folder; for image folders give --train and --test");
      }
      return new Evaluation.DataSpec[] {
        new Evaluation.DataSpec(data, Optional.of("train")), new Evaluation.DataSpec(data, Optional.of("test"))};
    }
    if (train == null || test == null) {
      throw new UserInputException("give --train and --test (or --data with a split column)");
    }
    return new Evaluation.DataSpec[] {side(train, "train"), side(test, "test")};
  }

  private static Evaluation.DataSpec side(Path p, String split) {
    return new Evaluation.DataSpec(p, kind(p) == Datasets.Kind.IDX_FOLDER ? Optional.of(split) : Optional.empty());
  }

  private static Datasets.Kind kind(Path p) {
    try {
      return Datasets.kind(p);
    } catch (RuntimeException e) {
      throw new UserInputException(e.getMessage(), e);
    }
  }

  private static int[] ks(String s) {
    try {
      return Arrays.stream(s.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
    } catch (NumberFormatException e) {
      throw new UserInputException("--knn-k: '" + s + "' is not a list of numbers");
    }
  }
}
