package dev.autodidact.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.data.DataFingerprint;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.ImageInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One {@code evaluate} run: features of the train and test data under the pretrained encoder (and
 * the random-init baseline), cached; the {@link LowLabelProtocol}; {@code EVAL/results.json}.
 *
 * <pre>{@code
 * try (EvalEncoders enc = EvalEncoders.open(Path.of("runs/quickstart"), options)) {
 *   Evaluation.Outcome o = Evaluation.run(enc, Evaluation.DataSpec.of(train), Evaluation.DataSpec.of(test),
 *       Path.of("runs/quickstart-eval"), options, System.out::println);
 *   System.out.print(o.table());
 * }
 * }</pre>
 */
public final class Evaluation {
  /** File written into EVAL. */
  public static final String RESULTS = "results.json";

  private Evaluation() {}

  /**
   * A data source and, for CSV manifests and IDX folders, the split to keep.
   *
   * @param split CSV: rows with this {@code split} value; IDX folder: {@code train} or {@code test}
   */
  public record DataSpec(Path path, Optional<String> split) {
    public static DataSpec of(Path p) {
      return new DataSpec(p, Optional.empty());
    }
  }

  /** What a run produced. */
  public record Outcome(Path results, List<LowLabelProtocol.Cell> cells, String table, double wallSeconds) {}

  /**
   * Runs the evaluation into {@code out}.
   *
   * @throws UserInputException for unusable data (no labels, different classes, a single test class)
   */
  public static Outcome run(EvalEncoders enc, DataSpec trainSpec, DataSpec testSpec, Path out, EvalOptions o,
      Consumer<String> log) throws IOException {
    return run(enc, trainSpec, testSpec, out, o, ImageInput.DEFAULT, log);
  }

  /**
   * Runs the evaluation into {@code out}, decoding the images as {@code input} says: its window replaces
   * the encoder's recorded one (encoder.json's, or the checkpoint recipe's), for both encoders and both
   * sides; the feature cache keys on it and results.json records it.
   *
   * @throws UserInputException for unusable data (no labels, different classes, a single test class)
   */
  public static Outcome run(EvalEncoders enc, DataSpec trainSpec, DataSpec testSpec, Path out, EvalOptions o,
      ImageInput input, Consumer<String> log) throws IOException {
    long t0 = System.nanoTime();
    DecodeOptions recorded = enc.pretrained().decodeOptions();
    DecodeOptions decode = input.decode(recorded.channels(), recorded.window());
    if (input.window().isPresent()) {
      log.accept("decoding with --window " + decode.window() + " instead of the encoder's " + recorded.window());
    }
    Datasets.Options dopt = new Datasets.Options(decode, true, dev.autodidact.data.Split.all());
    Dataset train = Datasets.open(trainSpec.path(), trainSpec.split().map(dopt::withSplit).orElse(dopt));
    Dataset test = Datasets.open(testSpec.path(), testSpec.split().map(dopt::withSplit).orElse(dopt));
    if (train.classes().isEmpty()) {
      throw new UserInputException(trainSpec.path() + ": the training data has no labels (class subfolders, a label column or IDX labels)");
    }
    int[] testToTrain = classMap(test.classes(), train.classes(), testSpec.path());
    DataFingerprint trainFp = DataFingerprint.of(trainSpec.path(), train);
    DataFingerprint testFp = DataFingerprint.of(testSpec.path(), test);
    Files.createDirectories(out);
    FeatureCache cache = new FeatureCache(out.resolve("features"));
    Map<String, FeatureSource> sources = new LinkedHashMap<>();
    sources.put("pretrained", enc.pretrained());
    enc.random().ifPresent(r -> sources.put("random", r));
    Map<String, ResultsJson.FeatureFiles> files = new LinkedHashMap<>();
    List<LowLabelProtocol.Cell> cells = new ArrayList<>();
    int testSamples = 0;
    for (Map.Entry<String, FeatureSource> e : sources.entrySet()) {
      FeatureCache.Entry tr = features(cache, e, train, trainFp, "train", log);
      FeatureCache.Entry te = features(cache, e, test, testFp, "test", log);
      FeatureSet testSet = relabel(te.features(), testToTrain, train.classes()).labelled();
      if (testSet.size() < te.features().size()) {
        log.accept("test: " + (te.features().size() - testSet.size()) + " samples without a label or unreadable are left out");
      }
      if (tr.features().labelled().size() == 0) {
        throw new UserInputException(trainSpec.path() + ": no labelled, readable training samples");
      }
      testSamples = testSet.size();
      files.put(e.getKey(), new ResultsJson.FeatureFiles(out.relativize(tr.file()).toString(),
          out.relativize(te.file()).toString(), tr.features().dim()));
      cells.addAll(LowLabelProtocol.run(e.getKey(), tr.features(), testSet, o, log));
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    ObjectNode json = ResultsJson.build(enc.info(),
        new ResultsJson.DataSide(trainSpec.path().toString(), trainSpec.split().orElse(null), trainFp, train.size()),
        new ResultsJson.DataSide(testSpec.path().toString(), testSpec.split().orElse(null), testFp, testSamples),
        new ResultsJson.Input(decode.window().toString(), input.window().isPresent() ? "given" : "recorded",
            decode.maxPixels()),
        files, o, train.classes(), cells, wall);
    Path results = out.resolve(RESULTS);
    AtomicFiles.write(results, ResultsJson.MAPPER.writeValueAsBytes(json));
    return new Outcome(results, List.copyOf(cells), ConsoleTable.render(cells, o, enc.info(), wall), wall);
  }

  /**
   * Train-class index of each test class, by name: a test set may lack classes (their AUC is skipped),
   * but a class the probes never saw is an error.
   */
  private static int[] classMap(List<String> test, List<String> train, Path testPath) {
    int[] map = new int[test.size()];
    for (int i = 0; i < map.length; i++) {
      map[i] = train.indexOf(test.get(i));
      if (map[i] < 0) {
        throw new UserInputException(testPath + ": test class '" + test.get(i) + "' is not among the training classes "
            + train);
      }
    }
    return map;
  }

  private static FeatureSet relabel(FeatureSet f, int[] map, List<String> classes) {
    int[] y = new int[f.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = f.labels()[i] == Dataset.NO_LABEL ? Dataset.NO_LABEL : map[f.labels()[i]];
    }
    return new FeatureSet(f.features(), y, classes);
  }

  private static FeatureCache.Entry features(FeatureCache cache, Map.Entry<String, FeatureSource> src, Dataset data,
      DataFingerprint fp, String side, Consumer<String> log) throws IOException {
    long t = System.nanoTime();
    FeatureCache.Entry e = cache.get(src.getValue(), data, fp, log);
    log.accept(String.format(java.util.Locale.ROOT, "%s encoder, %s: %d x %d features %s (%.1f s)%s", src.getKey(), side,
        e.features().size(), e.features().dim(), e.cached() ? "from the cache" : "computed", (System.nanoTime() - t) / 1e9,
        e.unreadable() > 0 ? ", " + e.unreadable() + " unreadable samples left out" : ""));
    return e;
  }
}
