package dev.autodidact.train;

import dev.autodidact.UserInputException;
import dev.autodidact.eval.RepresentationStats;
import dev.autodidact.method.Methods;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The quality monitor on saved checkpoints, after the fact: each checkpoint's eval encoder embeds the
 * same fixed, seeded sample of the training data that {@link QualityMonitor} measures during
 * pretraining (by default: the data, seed and sample size the run recorded in {@code trainer.json}),
 * so a site can rank checkpoints by RankMe without labels, or by kNN accuracy with a few.
 *
 * <pre>{@code
 * CheckpointMonitor m = new CheckpointMonitor(new CheckpointMonitor.Options(null, null, null, null), Device.CPU, 2);
 * for (Path ckpt : CheckpointMonitor.ofRun(Path.of("runs/r"))) {
 *   CheckpointMonitor.Row row = m.measure(ckpt); // row.step(), row.rankMe(), ...
 * }
 * }</pre>
 */
public final class CheckpointMonitor {
  private static final Pattern NAME = Pattern.compile("step-(\\d+)");

  /**
   * What to measure on; null fields take the checkpoint's own.
   *
   * @param data the training data (null: the path recorded in the checkpoint's {@code trainer.json})
   * @param labelled labelled data for the kNN monitor, or null for none
   * @param samples the sample size, at least 2 (null: the pretraining default for the recorded data size)
   * @param seed the sample's seed (null: the run's seed)
   */
  public record Options(Path data, Path labelled, Integer samples, Long seed) {
    public Options {
      MonitorOptions.cliSamples(samples);
    }
  }

  /**
   * One checkpoint's measurement; keys as in {@code metrics.jsonl}.
   *
   * @param epoch the epoch the step belongs to (the in-loop monitor's {@code epoch} at that step)
   * @param knnAcc kNN accuracy, NaN without labelled data
   */
  public record Row(Path checkpoint, long step, int epoch, int samples, long seed, Path data, double rankMe,
      double std, double uniformity, double alignment, double knnAcc, double seconds) {}

  private record Key(String recipe, Path data, Path labelled, int recordedSize, long seed) {}

  private final Options options;
  private final Device device;
  private final int threads;
  private final Map<Key, QualityMonitor> monitors = new HashMap<>();

  public CheckpointMonitor(Options options, Device device, int threads) {
    this.options = options;
    this.device = device;
    this.threads = threads;
  }

  /**
   * The checkpoint directories of a run ({@code RUN/checkpoints/step-*}) or of a folder holding
   * {@code step-*} directories directly, oldest first.
   *
   * @throws UserInputException when there is none
   */
  public static List<Path> ofRun(Path run) throws IOException {
    if (!Files.isDirectory(run)) {
      throw new UserInputException("--run " + run + ": not a directory");
    }
    Path folder = Files.isDirectory(run.resolve("checkpoints")) ? run.resolve("checkpoints") : run;
    List<Path> found;
    try (Stream<Path> s = Files.list(folder)) {
      found = s.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches()).toList();
    }
    if (found.isEmpty()) {
      String hint = CheckpointLocator.isCheckpoint(run) ? "; it is one checkpoint: give it with --checkpoint" : "";
      throw new UserInputException("--run " + run + ": no checkpoints (expected RUN/checkpoints/step-NNNNNN/)" + hint);
    }
    return sorted(found);
  }

  /**
   * The given checkpoint directories, checked to be checkpoints, oldest step first.
   *
   * @throws UserInputException naming the first that is not a checkpoint directory
   */
  public static List<Path> ofCheckpoints(List<Path> dirs) {
    for (Path p : dirs) {
      if (!CheckpointLocator.isCheckpoint(p)) {
        throw new UserInputException("--checkpoint " + p + ": not a checkpoint directory (no "
            + CheckpointStore.TRAINER + "; a run directory goes with --run)");
      }
    }
    return sorted(dirs);
  }

  private static List<Path> sorted(List<Path> dirs) {
    List<Path> r = new ArrayList<>(dirs);
    r.sort(Comparator.comparingLong(CheckpointMonitor::stepOf).thenComparing(Path::toString));
    return r;
  }

  private static long stepOf(Path p) {
    var m = NAME.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
  }

  /** Reads and verifies checkpoint {@code dir}, then measures its encoder. */
  public Row measure(Path dir) throws IOException {
    Checkpoint c;
    try {
      c = new CheckpointStore(dir.toAbsolutePath().getParent()).read(dir, null);
    } catch (CheckpointException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    return measure(c);
  }

  /** Measures the encoder of checkpoint {@code c}. */
  public Row measure(Checkpoint c) throws IOException {
    TrainerState t = c.trainer();
    Recipe recipe = Recipe.parse(t.recipe().toString());
    if (!Methods.of(recipe).selfSupervised()) {
      throw new UserInputException(c.dir() + ": a " + recipe.method() + " checkpoint; monitor measures pretraining"
          + " checkpoints (" + Methods.selfSupervisedNames() + ")");
    }
    Path data = dataOf(c);
    long seed = options.seed() != null ? options.seed() : t.seed();
    int size = t.data() != null ? t.data().items() : -1;
    MonitorOptions mo = new MonitorOptions(true, 0, options.samples() == null ? 0 : options.samples(), options.labelled());
    Key key = new Key(t.recipe().toString(), data, options.labelled(), size, seed);
    QualityMonitor m = monitors.computeIfAbsent(key, k -> {
      // The default sample size follows the recorded size of the training split, as in the loop.
      int samples = mo.samplesFor(k.recordedSize() >= 0 ? k.recordedSize() : QualityMonitor.sizeOf(recipe, k.data()));
      return new QualityMonitor(recipe, k.data(), k.labelled(), samples, k.seed(), device, threads);
    });
    long t0 = System.nanoTime();
    QualityMonitor.Measurement q = m.measure(c.state(), t.step());
    RepresentationStats s = q.stats();
    // The loop measures before the epoch counter moves on: a checkpoint at an epoch's end records the next epoch.
    int epoch = t.batchInEpoch() == 0 && t.step() > 0 ? t.epoch() - 1 : t.epoch();
    return new Row(c.dir(), t.step(), epoch, m.size(), seed, data, s.rankMe(), s.std(), s.uniformity(), q.alignment(),
        q.knnAccuracy(), (System.nanoTime() - t0) / 1e9);
  }

  private Path dataOf(Checkpoint c) {
    if (options.data() != null) {
      if (!Files.exists(options.data())) {
        throw new UserInputException("--data " + options.data() + ": no such file or directory");
      }
      return options.data();
    }
    if (c.trainer().data() == null) {
      throw new UserInputException(c.dir() + ": " + CheckpointStore.TRAINER + " records no training data; give --data");
    }
    Path p = Path.of(c.trainer().data().path());
    if (!Files.exists(p)) {
      throw new UserInputException(c.dir() + ": the data it was trained on, " + p + ", is not there (a relative path is"
          + " relative to where pretrain ran); give --data");
    }
    return p;
  }
}
