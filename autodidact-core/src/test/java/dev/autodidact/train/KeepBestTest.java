package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pretrain --keep-best knn|rankme}: RUN/best holds the state of the best-measured step. */
class KeepBestTest {
  @TempDir
  Path tmp;

  @Test
  void bestHoldsTheBestMeasuredState() throws Exception {
    for (MonitorOptions.KeepBest which : List.of(MonitorOptions.KeepBest.KNN, MonitorOptions.KeepBest.RANKME)) {
      Path run = tmp.resolve(which.name());
      // as TinyRuns.spec, keeping 10 checkpoints: one per measurement
      RunSpec spec = new RunSpec(Recipe.load(TinyRuns.SIMCLR), TinyRuns.steps(12, 16), TinyRuns.FASHION, run, 7,
          SessionConfig.of(Device.CPU, 1), 2, 3, 3, 10, 5, false);
      new Trainer(spec, new MonitorOptions(true, 3, 64, TinyRuns.FASHION, false, which)).run(null, StopSignal.manual());

      String key = which == MonitorOptions.KeepBest.KNN ? "knn_acc" : "rankme";
      long bestStep = -1;
      double best = Double.NEGATIVE_INFINITY;
      int measurements = 0;
      ObjectMapper json = new ObjectMapper();
      for (String line : Files.readAllLines(run.resolve(MetricsLog.FILE))) {
        JsonNode n = json.readTree(line);
        if (n.has(key)) {
          measurements++;
          if (n.get(key).asDouble() > best) { // the first of equal values stays
            best = n.get(key).asDouble();
            bestStep = n.get("step").asLong();
          }
        }
      }
      assertEquals(4, measurements);
      List<Path> dirs;
      try (var s = Files.list(run.resolve("best"))) {
        dirs = s.toList();
      }
      assertEquals(List.of(run.resolve("best").resolve(CheckpointStore.name(bestStep))), dirs, key);
      Checkpoint c = new CheckpointStore(run, "best").read(dirs.get(0), null);
      assertEquals(bestStep, c.trainer().step());
      assertEquals(key, c.trainer().task().get("metric").asText());
      assertEquals(best, c.trainer().task().get("best").asDouble());
      Map<String, TensorData> want = TinyRuns.state(run.resolve("checkpoints").resolve(CheckpointStore.name(bestStep)));
      assertEquals(want.keySet(), c.state().keySet());
      for (String k : want.keySet()) {
        assertArrayEquals(TinyRuns.bytes(want.get(k)), TinyRuns.bytes(c.state().get(k)), k);
      }
      assertTrue(Files.readString(run.resolve(RunSummary.FILE)).contains("\"best\""));
    }
  }

  @Test
  void onlyAnImprovementReplacesTheBestAndAResumeContinuesFromIt() throws Exception {
    Path run = tmp.resolve("unit");
    BestKeeper keeper = new BestKeeper(run, MonitorOptions.KeepBest.KNN);
    double[] knn = {0.30, 0.50, 0.40, 0.50};
    for (int i = 0; i < knn.length; i++) {
      Map<String, TensorData> state = Map.of("w", TensorData.floats(dev.autodidact.onnx.Shape.of(1), i));
      boolean better = keeper.offer(new QualityMonitor.Measurement(null, knn[i], Double.NaN), trainer(10L * (i + 1)),
          state);
      assertEquals(i < 2, better, "measurement " + i);
    }
    Checkpoint c = new CheckpointStore(run, "best").newest(null, false);
    assertEquals(20, c.trainer().step());
    assertEquals(1.0, c.state().get("w").getDouble(0));
    assertEquals(0.5, c.trainer().task().get("best").asDouble());

    BestKeeper resumed = new BestKeeper(run, MonitorOptions.KeepBest.KNN);
    resumed.restore();
    assertFalse(resumed.offer(new QualityMonitor.Measurement(null, 0.45, Double.NaN), trainer(50),
        Map.of("w", TensorData.floats(dev.autodidact.onnx.Shape.of(1), 9))));
    assertTrue(resumed.offer(new QualityMonitor.Measurement(null, 0.55, Double.NaN), trainer(60),
        Map.of("w", TensorData.floats(dev.autodidact.onnx.Shape.of(1), 9))));
    try (var s = Files.list(run.resolve("best"))) {
      assertEquals(List.of(run.resolve("best/step-000060")), s.toList()); // one best, the newest improvement
    }
  }

  private static TrainerState trainer(long step) {
    return new TrainerState(TrainerState.FORMAT, step, 0, (int) step, 7, null, null, Map.of(), Map.of(), 1.0, 1.0, "test");
  }

  @Test
  void optionsAreChecked() {
    UserInputException knn = assertThrows(UserInputException.class,
        () -> MonitorOptions.fromCli(null, null, null, false, "knn"));
    assertTrue(knn.getMessage().contains("--monitor-data"), knn.getMessage());
    assertThrows(UserInputException.class, () -> MonitorOptions.fromCli(0, null, null, false, "rankme"));
    UserInputException bad = assertThrows(UserInputException.class,
        () -> MonitorOptions.fromCli(null, null, null, false, "loss"));
    assertTrue(bad.getMessage().contains("--keep-best"), bad.getMessage());
    assertEquals(MonitorOptions.KeepBest.RANKME, MonitorOptions.fromCli(null, null, null, false, "rankme").keepBest());
  }
}
