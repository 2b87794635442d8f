package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process per run directory: the second is refused naming the first; a dead holder's lock is taken over. */
class RunLockTest {
  @TempDir Path dir;

  @Test
  void secondClaimIsRefusedNamingTheHolder() {
    Path run = dir.resolve("run");
    try (RunLock first = RunLock.claim(run, "pretrain", "checkpoints")) {
      UserInputException e = assertThrows(UserInputException.class, () -> RunLock.claim(run, "pretrain", "checkpoints"));
      String pid = Long.toString(ProcessHandle.current().pid());
      assertTrue(e.getMessage().contains("PID " + pid), e.getMessage());
      assertTrue(e.getMessage().contains("on host " + first.holder().host()), e.getMessage());
      assertTrue(e.getMessage().contains("started " + first.holder().started()), e.getMessage());
      assertTrue(Files.isRegularFile(run.resolve(RunLock.FILE)), "the refusal must not remove the holder's lock");
    }
    try (RunLock again = RunLock.claim(run, "pretrain", "checkpoints")) {
      assertTrue(again.tookOver().isEmpty(), "a released lock is not stale");
    }
  }

  @Test
  void staleLockOfAGoneProcessIsTakenOver() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve(RunLock.FILE),
        "{\"pid\":2147483646,\"host\":\"old-host\",\"started\":\"2026-01-01T00:00:00Z\",\"command\":\"pretrain\"}",
        StandardCharsets.UTF_8);
    try (RunLock l = RunLock.claim(run, "pretrain", "checkpoints")) {
      assertEquals(2147483646L, l.tookOver().orElseThrow().pid());
      assertEquals("old-host", l.tookOver().orElseThrow().host());
      String now = Files.readString(run.resolve(RunLock.FILE));
      assertTrue(now.contains("\"pid\":" + ProcessHandle.current().pid()), now);
    }
    assertFalse(Files.exists(run.resolve(RunLock.FILE)), "close deletes the lock file");
    assertTrue(Files.isDirectory(run), "a directory it did not create stays");
  }

  @Test
  void aRunDirectoryItCreatedIsRemovedWhenNothingWasWritten() throws Exception {
    Path run = dir.resolve("a/b/run");
    try (RunLock l = RunLock.claim(run, "pretrain")) {
      assertTrue(Files.isDirectory(run));
    }
    assertFalse(Files.exists(run), "a refused command must not leave an empty --out behind");
    Path kept = dir.resolve("kept");
    try (RunLock l = RunLock.claim(kept, "pretrain")) {
      Files.writeString(kept.resolve("metrics.jsonl"), "{}\n");
    }
    assertTrue(Files.isRegularFile(kept.resolve("metrics.jsonl")));
  }

  @Test
  void aFileOrAForeignFolderIsRefusedSayingWhy() throws Exception {
    Path file = Files.writeString(dir.resolve("notes.txt"), "x");
    UserInputException e = assertThrows(UserInputException.class, () -> RunLock.claim(file, "pretrain"));
    assertEquals("cannot create run directory " + file + ": a file with that name exists", e.getMessage());

    Path foreign = Files.createDirectories(dir.resolve("photos"));
    Files.writeString(foreign.resolve("holiday.jpg"), "x");
    e = assertThrows(UserInputException.class, () -> RunLock.claim(foreign, "pretrain", "checkpoints", "summary.json"));
    assertTrue(e.getMessage().contains("non-empty folder but not a run"), e.getMessage());
    assertFalse(Files.exists(foreign.resolve(RunLock.FILE)));

    Path oldRun = Files.createDirectories(dir.resolve("old/checkpoints"));
    try (RunLock l = RunLock.claim(oldRun.getParent(), "pretrain", "checkpoints")) {
      assertEquals(ProcessHandle.current().pid(), l.holder().pid());
    }
  }
}
