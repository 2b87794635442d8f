package dev.autodidact.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.FileErrors;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.onnx.TensorData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of a run, {@code RUN/checkpoints/step-000123/}: each is {@code state.safetensors},
 * {@code trainer.json} and {@code manifest.json} (SHA-256 of both), built under a temporary name,
 * fsynced and renamed by {@link AtomicFiles#writeDirectory}, so a crash leaves either no new directory
 * or a complete one. Older checkpoints are deleted only after the new one is in place.
 */
public final class CheckpointStore {
  /** Files inside a checkpoint. */
  public static final String STATE = "state.safetensors";
  public static final String TRAINER = "trainer.json";
  /** Test hook: {@code STEP:MILLIS} sleeps that long inside the write of that step's checkpoint. */
  static final String PAUSE_ENV = "AUTODIDACT_TEST_CHECKPOINT_PAUSE";

  private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
  private static final Pattern NAME = Pattern.compile("step-(\\d{6,})");

  private final Path dir;
  private final ObjectMapper json = Json.pretty();
  private final long pauseStep;
  private final long pauseMillis;
  private final Fault fault;

  /** A test hook: fails a write the way a full disk would, after the state file is written. */
  @FunctionalInterface
  interface Fault {
    void inject(Path tempDir) throws IOException;
  }

  /** The store of run directory {@code run} (the folder is created on first write). */
  public CheckpointStore(Path run) {
    this(run, "checkpoints");
  }

  /** The store in {@code RUN/folder} (e.g. {@code best} for the best checkpoint of a fine-tuning run). */
  public CheckpointStore(Path run, String folder) {
    this(run, folder, tmp -> {});
  }

  CheckpointStore(Path run, Fault fault) {
    this(run, "checkpoints", fault);
  }

  CheckpointStore(Path run, String folder, Fault fault) {
    this.fault = fault;
    this.dir = run.resolve(folder);
    String pause = System.getenv(PAUSE_ENV);
    long s = -1;
    long ms = 0;
    if (pause != null && pause.matches("\\d+:\\d+")) {
      s = Long.parseLong(pause.substring(0, pause.indexOf(':')));
      ms = Long.parseLong(pause.substring(pause.indexOf(':') + 1));
    }
    this.pauseStep = s;
    this.pauseMillis = ms;
  }

  /** {@code RUN/checkpoints}. */
  public Path dir() {
    return dir;
  }

  /** The directory name of the checkpoint after {@code step} updates. */
  public static String name(long step) {
    return String.format(Locale.ROOT, "step-%06d", step);
  }

  /** Checkpoint directories present (complete or not), newest step first. Temporary directories are not listed. */
  public List<Path> list() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> Files.isDirectory(p) && NAME.matcher(p.getFileName().toString()).matches())
          .sorted(Comparator.comparingLong(CheckpointStore::stepOf).reversed())
          .toList();
    }
  }

  private static long stepOf(Path p) {
    Matcher m = NAME.matcher(p.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  /**
   * Writes the checkpoint of {@code trainer.step()} and then keeps only the newest {@code keep}.
   *
   * @throws UserInputException when the disk is full, read-only or not writable: the message says so and
   *     that the previous checkpoint is intact (a failed write leaves no partial directory)
   */
  public Path write(TrainerState trainer, Map<String, TensorData> state, int keep) throws IOException {
    Path target = dir.resolve(name(trainer.step()));
    try {
      Files.createDirectories(dir);
      writeDirectory(target, trainer, state);
    } catch (IOException e) {
      List<Path> before = list();
      String kept = before.isEmpty() ? "no earlier checkpoint exists"
          : "the previous checkpoint " + before.get(0) + " is intact (resume from it with --resume once this is fixed)";
      String msg = FileErrors.describe("write checkpoint", target, e) + "; " + kept;
      if (FileErrors.userFixable(e)) {
        throw new UserInputException(msg, e);
      }
      throw new IOException(msg, e);
    }
    prune(keep, target);
    return target;
  }

  private void writeDirectory(Path target, TrainerState trainer, Map<String, TensorData> state) throws IOException {
    AtomicFiles.writeDirectory(target, tmp -> {
      SafeTensors.of(state).write(tmp.resolve(STATE));
      fault.inject(tmp);
      if (trainer.step() == pauseStep) {
        // Lets a test kill the process while the checkpoint is half written.
        System.err.println("checkpoint-pause " + tmp);
        System.err.flush();
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Files.write(tmp.resolve(TRAINER), json.writeValueAsBytes(trainer));
      Map<String, Object> fields = new LinkedHashMap<>();
      fields.put("format", "autodidact-checkpoint/1");
      fields.put("step", trainer.step());
      Manifest.writeFor(tmp, fields);
    });
  }

  /** Deletes all but the newest {@code keep} checkpoints; {@code current} is never deleted. */
  private void prune(int keep, Path current) throws IOException {
    List<Path> all = list();
    for (int i = keep; i < all.size(); i++) {
      if (!all.get(i).equals(current)) {
        AtomicFiles.deleteTree(all.get(i));
      }
    }
    // Leftovers of writes that were killed half-way.
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(p -> p.getFileName().toString().matches("\\.step-\\d+\\.tmp-.*")).toList()) {
        AtomicFiles.deleteTree(p);
      }
    }
  }

  /**
   * Moves the checkpoints newer than {@code step} out of the way ({@code refused-step-NNNNNN}, kept
   * for inspection, not listed): resuming from {@code step} means they were refused, and left in place
   * they would count as the newest and push the new, valid ones out of the last {@code keep}.
   */
  public void setAsideAfter(long step) throws IOException {
    for (Path p : list()) {
      if (stepOf(p) > step) {
        Path aside = dir.resolve("refused-" + p.getFileName());
        AtomicFiles.deleteTree(aside);
        java.nio.file.Files.move(p, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        LOG.warn("moved the refused checkpoint {} to {}", p, aside);
      }
    }
  }

  /**
   * Reads and checks one checkpoint: the manifest's hashes, {@code trainer.json}, the safetensors file,
   * and, when {@code expectedRecipe} is given, that it was trained with that recipe.
   */
  public Checkpoint read(Path ckpt, JsonNode expectedRecipe) throws CheckpointException {
    if (!Files.isDirectory(ckpt)) {
      throw new CheckpointException(ckpt, "not a directory");
    }
    try {
      Manifest.verify(ckpt);
    } catch (IOException e) {
      throw new CheckpointException(ckpt, e.getMessage(), e);
    }
    TrainerState t;
    try {
      t = json.readValue(ckpt.resolve(TRAINER).toFile(), TrainerState.class);
    } catch (IOException e) {
      throw new CheckpointException(ckpt, TRAINER + " is unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")", e);
    }
    if (!TrainerState.FORMAT.equals(t.format())) {
      throw new CheckpointException(ckpt, TRAINER + " has format " + t.format() + ", this version reads " + TrainerState.FORMAT);
    }
    if (expectedRecipe != null && !expectedRecipe.equals(t.recipe())) {
      throw new CheckpointException(ckpt, "it was trained with another recipe or other overrides ("
          + RecipeDiff.describe(t.recipe(), expectedRecipe) + "); give the same --recipe and options as the run, or another --out");
    }
    SafeTensors st;
    try {
      st = SafeTensors.read(ckpt.resolve(STATE));
    } catch (IOException e) {
      throw new CheckpointException(ckpt, e.getMessage(), e);
    }
    return new Checkpoint(ckpt, t, st.tensors());
  }

  /**
   * The checkpoint to resume from: the newest one; when it is refused, the next older valid one if
   * {@code fallBack}, else the refusal. Returns null when the run has no checkpoint.
   */
  public Checkpoint newest(JsonNode expectedRecipe, boolean fallBack) throws IOException, CheckpointException {
    List<Path> all = list();
    CheckpointException first = null;
    for (Path p : all) {
      try {
        Checkpoint c = read(p, expectedRecipe);
        if (first != null) {
          LOG.warn("resuming from the older checkpoint {} instead", p);
        }
        return c;
      } catch (CheckpointException e) {
        if (!fallBack) {
          throw e;
        }
        LOG.warn("refused {}", e.getMessage());
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw new CheckpointException(first.path(), "no valid checkpoint in " + dir + "; the newest was refused: "
          + first.getMessage(), first);
    }
    return null;
  }

  /** The steps of the checkpoint directories present, newest first. */
  List<Long> steps() throws IOException {
    List<Long> r = new ArrayList<>();
    for (Path p : list()) {
      r.add(stepOf(p));
    }
    return r;
  }
}
