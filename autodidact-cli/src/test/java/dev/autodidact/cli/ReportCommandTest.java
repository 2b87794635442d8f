package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.testutil.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {
  @TempDir Path dir;

  @Test
  void writesTheReportAndPrintsItsPath() throws Exception {
    Path run = Files.createDirectories(dir.resolve("run"));
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1,\"loss\":2.0}\n{\"step\":2,\"loss\":1.0}\n");
    Cli.Result r = Cli.run("report", "--run", run.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("report: " + run.resolve("report.html")), r.out());
    assertTrue(Files.readString(run.resolve("report.html")).contains("id=\"pretraining\""));
  }

  @Test
  void badInputsExitTwoWithOneLine() throws Exception {
    Cli.Result missing = Cli.run("report", "--run", dir.resolve("nope").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("not a run directory"), missing.err());
    Path run = Files.createDirectories(dir.resolve("run"));
    Cli.Result noEval = Cli.run("report", "--run", run.toString(), "--eval", dir.toString());
    assertEquals(2, noEval.code());
    assertTrue(noEval.err().contains("results.json"), noEval.err());
  }
}
