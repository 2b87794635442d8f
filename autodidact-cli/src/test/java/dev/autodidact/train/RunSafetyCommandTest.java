package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import dev.autodidact.testutil.Logs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hardening of issue #14 as a user meets it: run lock, refusals before anything is written, one
 * option named per error, provenance and --extend through the command, strict exports.
 */
class RunSafetyCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String[] pretrain(Path data, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("pretrain", "--recipe", TinyRuns.SIMCLR.toString(), "--data", data.toString(),
        "--out", out.toString(), "--threads", "1", "--loader-threads", "2", "--device", "cpu", "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void aRunHeldByAnotherProcessIsRefusedNamingIt() {
    Path run = dir.resolve("run");
    try (RunLock held = RunLock.claim(run, "pretrain")) {
      Cli.Result r = Cli.run(pretrain(TinyRuns.FASHION, run, "--max-steps", "1"));
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("PID " + held.holder().pid() + " on host " + held.holder().host() + ", started "
          + held.holder().started()), r.err());
      assertFalse(Files.exists(run.resolve("metrics.jsonl")));
    }
  }

  @Test
  void aSmallSimclrBatchTrainsButWarnsThatItIsSmall() {
    Logs.Captured<Cli.Result> small = Logs.during(() -> Cli.run(pretrain(TinyRuns.FASHION, dir.resolve("b8"), "--batch", "8",
        "--max-steps", "1")));
    assertEquals(0, small.value().code(), small.value().err());
    assertTrue(small.log().contains("--batch 8 is small for SimCLR"), small.log());
    Logs.Captured<Cli.Result> large = Logs.during(() -> Cli.run(pretrain(TinyRuns.FASHION, dir.resolve("b32"), "--batch", "32",
        "--max-steps", "1")));
    assertEquals(0, large.value().code(), large.value().err());
    assertFalse(large.log().contains("is small for SimCLR"), large.log());
  }

  @Test
  void refusedCommandsLeaveNoEmptyOutAndSayWhy() throws Exception {
    Path out = dir.resolve("new-run");
    Cli.Result one = Cli.run(pretrain(TinyRuns.FASHION, out, "--batch", "1"));
    assertEquals(2, one.code(), one.err());
    assertTrue(one.err().contains("--batch (train.batch) must be >= 2 for SimCLR"), one.err());
    assertFalse(Files.exists(out), "a refused command left " + out);

    Path junk = Files.createDirectories(dir.resolve("junk"));
    Files.writeString(junk.resolve("a.png"), "not an image");
    Files.writeString(junk.resolve("b.png"), "not an image either");
    Cli.Result noImages = Cli.run(pretrain(junk, out, "--max-steps", "1"));
    assertEquals(2, noImages.code(), noImages.err());
    assertTrue(noImages.err().contains("no readable images: all 2 files are unreadable"), noImages.err());
    assertFalse(Files.exists(out), "a refused command left " + out);

    Path photos = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(photos.resolve("notes.txt"), "mine");
    Cli.Result foreign = Cli.run(pretrain(TinyRuns.FASHION, photos, "--max-steps", "1"));
    assertEquals(2, foreign.code(), foreign.err());
    assertTrue(foreign.err().contains("non-empty folder but not a run"), foreign.err());
    assertEquals(List.of("notes.txt"), Files.list(photos).map(p -> p.getFileName().toString()).toList());

    Path file = Files.writeString(dir.resolve("taken"), "x");
    Cli.Result isFile = Cli.run(pretrain(TinyRuns.FASHION, file, "--max-steps", "1"));
    assertEquals(2, isFile.code(), isFile.err());
    assertTrue(isFile.err().contains("cannot create run directory " + file + ": a file with that name exists"), isFile.err());
  }

  @Test
  void optionErrorsNameTheOneWrongOption() throws Exception {
    Path out = dir.resolve("o");
    Cli.Result log = Cli.run(pretrain(TinyRuns.FASHION, out, "--log-every", "0"));
    assertEquals(2, log.code());
    assertTrue(log.err().contains("--log-every must be >= 1, got 0"), log.err());
    assertFalse(log.err().contains("--keep"), log.err());
    Cli.Result cudnn = Cli.run(pretrain(TinyRuns.FASHION, out, "--cudnn-search", "FASTEST"));
    assertEquals(2, cudnn.code(), cudnn.err());
    assertTrue(cudnn.err().contains("--cudnn-search must be EXHAUSTIVE, HEURISTIC or DEFAULT, got FASTEST"), cudnn.err());
    Cli.Result mem = Cli.run(pretrain(TinyRuns.FASHION, out, "--cuda-memory-limit", "-1"));
    assertEquals(2, mem.code(), mem.err());
    assertTrue(mem.err().contains("--cuda-memory-limit must be >= 0"), mem.err());

    String recipe = Files.readString(TinyRuns.SIMCLR).replace("\"simclr-gray\"", "\"simclr-grey\"");
    Path bad = Files.writeString(dir.resolve("bad-preset.json"), recipe);
    List<String> a = new ArrayList<>(List.of(pretrain(TinyRuns.FASHION, out)));
    a.set(a.indexOf(TinyRuns.SIMCLR.toString()), bad.toString());
    Cli.Result preset = Cli.run(a.toArray(String[]::new));
    assertEquals(2, preset.code(), preset.err());
    assertTrue(preset.err().contains("augment.preset") && preset.err().contains("simclr-grey"), preset.err());
    assertFalse(Files.exists(out));
  }

  @Test
  void topLevelHelpListsEachCommandWithAWholeSentence() {
    Cli.Result r = Cli.run("--help");
    String commands = r.out().substring(r.out().indexOf("Commands:"));
    List<String> entries = new ArrayList<>();
    for (String line : commands.lines().skip(1).toList()) {
      if (line.startsWith("  ") && !line.startsWith("    ")) {
        entries.add(line.trim());
      } else if (!entries.isEmpty()) {
        entries.set(entries.size() - 1, entries.get(entries.size() - 1) + " " + line.trim());
      }
    }
    assertTrue(entries.size() >= 6, commands);
    for (String e : entries) {
      assertTrue(e.endsWith("."), "not a whole sentence: " + e);
    }
  }

  @Test
  void extendContinuesAFinishedRunWithANewScheduleAndRecordsIt() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("data"), 2, 8, 8); // 16 images, batch 8: 2 steps per epoch
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run(pretrain(data, run, "--batch", "8", "--epochs", "2")).code());
    Cli.Result plain = Cli.run(pretrain(data, run, "--batch", "8", "--epochs", "3", "--resume"));
    assertEquals(2, plain.code(), plain.err());
    assertTrue(plain.err().contains("schedule"), plain.err());

    Cli.Result ext = Cli.run(pretrain(data, run, "--batch", "8", "--epochs", "3", "--resume", "--extend"));
    assertEquals(0, ext.code(), ext.err());
    Checkpoint c = new CheckpointStore(run).newest(null, false);
    assertEquals(6, c.trainer().step());
    assertEquals(6, ((Number) c.trainer().lrSchedule().get("total_steps")).intValue());
    assertEquals(List.of(new RunChange(4, "extend", "total_steps 4", "total_steps 6")), c.trainer().changes());

    Cli.Result notLonger = Cli.run(pretrain(data, run, "--batch", "8", "--epochs", "3", "--resume", "--extend"));
    assertEquals(2, notLonger.code(), notLonger.err());
    assertTrue(notLonger.err().contains("cannot extend"), notLonger.err());
    Cli.Result other = Cli.run(pretrain(data, run, "--batch", "8", "--epochs", "4", "--lr", "0.5", "--resume", "--extend"));
    assertEquals(2, other.code(), other.err());
    assertTrue(other.err().contains("optimizer.base_lr"), other.err());

    Path moreData = Fixtures.classFolder(dir.resolve("more"), 2, 12, 8);
    Cli.Result changed = Cli.run(pretrain(moreData, run, "--batch", "8", "--epochs", "3", "--resume"));
    assertEquals(2, changed.code(), changed.err());
    assertTrue(changed.err().contains("16 items") && changed.err().contains("24 items"), changed.err());
  }

  @Test
  void exportRefusesABrokenNewestCheckpointAndExistingFiles() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("data"), 2, 8, 8);
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run(pretrain(data, run, "--batch", "8", "--max-steps", "4", "--checkpoint-every", "2")).code());
    Path model = dir.resolve("enc.onnx");
    Cli.Result ok = Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", model.toString());
    assertEquals(0, ok.code(), ok.err());
    JsonNode manifest = JSON.readTree(dir.resolve("enc.json").toFile());
    assertEquals(16, manifest.get("data").get("items").asInt(), manifest.toString());

    Path underAFile = dir.resolve("enc.json").resolve("x.onnx");
    Cli.Result notDir = Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", underAFile.toString());
    assertEquals(2, notDir.code(), notDir.err());
    assertTrue(notDir.err().startsWith("error: cannot write the encoder to " + underAFile + ": "), notDir.err());
    assertTrue(notDir.err().contains("a file with that name exists") || notDir.err().contains("not a directory"), notDir.err());

    Cli.Result again = Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", model.toString());
    assertEquals(2, again.code(), again.err());
    assertTrue(again.err().contains("exists") && again.err().contains("--force"), again.err());
    Files.delete(model);
    Cli.Result sibling = Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", model.toString());
    assertEquals(2, sibling.code(), "an existing enc.json must not be replaced either");
    assertEquals(0, Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", model.toString(), "--force").code());

    Path newest = run.resolve("checkpoints/step-000004");
    Path state = newest.resolve(CheckpointStore.STATE);
    byte[] b = Files.readAllBytes(state);
    b[b.length - 3] ^= 0x5a;
    Files.write(state, b);
    Path other = dir.resolve("other.onnx");
    Cli.Result broken = Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", other.toString());
    assertEquals(2, broken.code(), broken.err());
    assertTrue(broken.err().contains(newest.toString()) && broken.err().contains("state.safetensors"), broken.err());
    assertFalse(Files.exists(other));
    Path older = run.resolve("checkpoints/step-000002");
    assertTrue(broken.err().contains(older.toString()), "suggests the older one: " + broken.err());
    Cli.Result named = Cli.run("export-encoder", "--checkpoint", older.toString(), "--out", other.toString());
    assertEquals(0, named.code(), named.err());
  }
}
