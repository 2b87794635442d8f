package dev.autodidact.train;

import dev.autodidact.testutil.Cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A training process killed with SIGKILL while it writes a checkpoint leaves the previous checkpoint
 * valid, and the run resumes from it. The child JVM runs the real CLI; a test hook
 * ({@code AUTODIDACT_TEST_CHECKPOINT_PAUSE=STEP:MS}) pauses inside the write of step 4's checkpoint,
 * after {@code state.safetensors} and before {@code trainer.json} and the manifest, so the kill lands there.
 */
class KillDuringCheckpointTest {
  @TempDir Path dir;

  @Test
  void sigkillDuringCheckpointWriteLeavesThePreviousOneResumable() throws Exception {
    Path run = dir.resolve("run");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", classPath(), "dev.autodidact.cli.Main"));
    List<String> args = List.of("pretrain", "--recipe", TinyRuns.SIMCLR.toString(), "--data", TinyRuns.FASHION.toString(),
        "--out", run.toString(), "--max-steps", "6", "--checkpoint-every", "2", "--threads", "1", "--device", "cpu");
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put(CheckpointStore.PAUSE_ENV, "4:120000");
    Process p = pb.start();
    boolean paused = false;
    StringBuilder log = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        log.append(line).append('\n');
        if (line.startsWith("checkpoint-pause ")) {
          paused = true;
          p.destroyForcibly(); // SIGKILL on Unix: no hook, no finally
          break;
        }
      }
    } finally {
      p.destroyForcibly();
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not die");
    }
    assertTrue(paused, "the child never reached the checkpoint pause:\n" + log);
    assertEquals(137, p.exitValue(), log.toString());

    Path checkpoints = run.resolve("checkpoints");
    try (Stream<Path> s = Files.list(checkpoints)) {
      List<String> names = s.map(x -> x.getFileName().toString()).sorted().toList();
      assertTrue(names.contains("step-000002"), names.toString());
      assertFalse(names.contains("step-000004"), names.toString());
      assertTrue(names.stream().anyMatch(n -> n.startsWith(".step-000004.tmp-")), "half-written dir expected: " + names);
    }
    CheckpointStore store = new CheckpointStore(run);
    assertEquals(2, store.newest(null, false).trainer().step());

    List<String> resume = new ArrayList<>(args);
    resume.add("--resume");
    Cli.Result r = Cli.run(resume.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertEquals(List.of(6L, 4L, 2L), store.steps());
    try (Stream<Path> s = Files.list(checkpoints)) {
      assertTrue(s.noneMatch(x -> x.getFileName().toString().contains(".tmp-")), "temporary directory left behind");
    }
  }

  @Test
  void sigtermFinishesTheStepWritesACheckpointAndExitsZero() throws Exception {
    Path run = dir.resolve("term");
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-cp", classPath(), "dev.autodidact.cli.Main", "pretrain", "--recipe", TinyRuns.SIMCLR.toString(),
        "--data", TinyRuns.FASHION.toString(), "--out", run.toString(), "--max-steps", "100000", "--log-every", "2",
        "--threads", "1", "--device", "cpu"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    StringBuilder log = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      boolean signalled = false;
      for (String line; (line = r.readLine()) != null; ) {
        log.append(line).append('\n');
        if (!signalled && line.contains("step 4/")) {
          p.toHandle().destroy(); // SIGTERM on Unix; Process.destroy() would also close our end of the pipe
          signalled = true;
        }
      }
    } finally {
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not stop:\n" + log);
      p.destroyForcibly();
    }
    assertEquals(0, p.exitValue(), log.toString());
    assertTrue(log.toString().contains("resume with: autodidact pretrain"), log.toString());
    Checkpoint c = new CheckpointStore(run).newest(null, false);
    assertTrue(c.trainer().step() >= 4, "checkpoint at step " + c.trainer().step());
    assertTrue(log.toString().contains(c.dir().toString()), log.toString());
  }

  /** The test classpath (surefire puts it in a property when java.class.path is a manifest-only jar). */
  private static String classPath() {
    String cp = System.getProperty("surefire.test.class.path");
    return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
  }
}
