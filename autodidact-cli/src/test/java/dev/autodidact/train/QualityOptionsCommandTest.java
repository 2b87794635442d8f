package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pretrain --online-probe} and {@code --keep-best}: refused input is one line, exit 2, and leaves no run. */
class QualityOptionsCommandTest {
  @TempDir Path tmp;

  @Test
  void onlineProbeOnUnlabelledDataIsExit2() throws Exception {
    Path loose = Files.createDirectories(tmp.resolve("loose"));
    for (int i = 0; i < 40; i++) {
      Fixtures.write(Fixtures.gray8(8, 8), "png", loose.resolve("img" + i + ".png"));
    }
    Cli.Result r = Cli.run("pretrain", "--recipe", TinyRuns.SIMCLR.toString(), "--data", loose.toString(), "--out",
        tmp.resolve("run").toString(), "--max-steps", "2", "--batch", "16", "--threads", "1", "--device", "cpu",
        "--online-probe");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--online-probe needs labels"), r.err());
    assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("error")).count(), r.err());
  }

  @Test
  void keepBestKnnNeedsMonitorData() {
    Path run = tmp.resolve("run");
    Cli.Result r = Cli.run("pretrain", "--recipe", TinyRuns.SIMCLR.toString(), "--data", TinyRuns.FASHION.toString(),
        "--out", run.toString(), "--max-steps", "2", "--keep-best", "knn");
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("--keep-best knn needs --monitor-data"), r.err());
    assertFalse(Files.exists(run), "a refused command leaves no --out behind");
  }
}
