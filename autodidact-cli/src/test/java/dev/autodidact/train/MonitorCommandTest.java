package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.testutil.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code autodidact monitor}: saved checkpoints measured after the fact match the in-loop monitor. */
class MonitorCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

  @Test
  void checkpointsMeasureAsTheLoopDid() throws Exception {
    Path run = tmp.resolve("run");
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, run, TinyRuns.steps(12, 16), 4, 5),
        new MonitorOptions(true, 5, 64, TinyRuns.FASHION)).run(null, StopSignal.manual());
    Map<Long, JsonNode> logged = new LinkedHashMap<>();
    for (String line : Files.readAllLines(run.resolve(MetricsLog.FILE))) {
      JsonNode n = JSON.readTree(line);
      if (n.has("rankme")) {
        logged.put(n.get("step").asLong(), n);
      }
    }
    assertEquals(List.of(5L, 10L, 12L), new ArrayList<>(logged.keySet()));

    Cli.Result r = Cli.run("monitor", "--run", run.toString(), "--monitor-samples", "64", "--monitor-data",
        TinyRuns.FASHION.toString(), "--threads", "1", "--device", "cpu");
    assertEquals(0, r.code(), r.err());
    JsonNode rows = JSON.readTree(run.resolve("monitor.json").toFile()).get("checkpoints");
    assertEquals(3, rows.size());
    for (JsonNode row : rows) {
      JsonNode in = logged.get(row.get("step").asLong());
      // the same encoder on the same seeded sample: the same numbers, bit for bit on the CPU with one thread
      for (String k : List.of("rankme", "monitor_std", "uniformity", "alignment", "knn_acc", "epoch")) {
        assertEquals(in.get(k).asDouble(), row.get(k).asDouble(), k + " at step " + row.get("step"));
      }
      assertEquals(64, row.get("samples").asInt());
    }
    assertTrue(r.out().contains("step-000010"), r.out());

    // a checkpoint copied out of its run, given directly, with the default sample size of the run's data
    Path copy = tmp.resolve("elsewhere/step-000010");
    copyTree(run.resolve("checkpoints/step-000010"), copy);
    Path out = tmp.resolve("one.json");
    Cli.Result one = Cli.run("monitor", "--checkpoint", copy.toString(), "--monitor-samples", "64", "--threads", "1",
        "--device", "cpu", "--out", out.toString());
    assertEquals(0, one.code(), one.err());
    JsonNode row = JSON.readTree(out.toFile()).get("checkpoints").get(0);
    assertEquals(logged.get(10L).get("rankme").asDouble(), row.get("rankme").asDouble());
    assertFalse(row.has("knn_acc"));
  }

  @Test
  void badInputIsOneLineExit2() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    Cli.Result none = Cli.run("monitor", "--run", empty.toString());
    assertEquals(2, none.code());
    assertTrue(none.err().contains("no checkpoints") && none.err().strip().lines().count() == 1, none.err());

    Cli.Result notCkpt = Cli.run("monitor", "--checkpoint", empty.toString());
    assertEquals(2, notCkpt.code());
    assertTrue(notCkpt.err().contains("not a checkpoint directory") && notCkpt.err().strip().lines().count() == 1,
        notCkpt.err());

    Cli.Result neither = Cli.run("monitor");
    assertEquals(2, neither.code());
    assertTrue(neither.err().contains("--run"), neither.err());

    Cli.Result missing = Cli.run("monitor", "--run", tmp.resolve("nope").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("not a directory"), missing.err());
  }

  private static void copyTree(Path from, Path to) throws Exception {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Files.copy(p, to.resolve(p.getFileName()));
      }
    }
  }
}
