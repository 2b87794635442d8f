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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QualityMonitorTest {
  @TempDir
  Path tmp;

  @Test
  void logsRankMeEveryNStepsAndLeavesTrainingUnchanged() throws Exception {
    Path on = tmp.resolve("on");
    Path off = tmp.resolve("off");
    Overrides o = TinyRuns.steps(12, 16);
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, on, o, 4, 0), new MonitorOptions(true, 5, 64, TinyRuns.FASHION))
        .run(null, StopSignal.manual());
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, off, o, 4, 0)).run(null, StopSignal.manual());

    List<Long> steps = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : Files.readAllLines(on.resolve(MetricsLog.FILE))) {
      JsonNode n = json.readTree(line);
      if (n.has("rankme")) {
        steps.add(n.get("step").asLong());
        double r = n.get("rankme").asDouble();
        assertTrue(r >= 1 && r <= 16, "rankme " + r); // tiny encoder: 16 features
        assertTrue(n.get("monitor_std").asDouble() > 0);
        assertTrue(n.get("uniformity").asDouble() < 0);
        double align = n.get("alignment").asDouble(-1);
        assertTrue(align > 0 && align < 4, "alignment " + align); // squared distance of unit vectors: [0, 4]
        double knn = n.get("knn_acc").asDouble(-1);
        assertTrue(knn > 0.1 && knn <= 1, "knn_acc " + knn); // 10 classes: above chance even at init

      }
    }
    assertEquals(List.of(5L, 10L, 12L), steps); // every 5 steps, and at the end
    assertFalse(Files.readString(off.resolve(MetricsLog.FILE)).contains("rankme"));

    // measuring reads the state but never changes the run
    Map<String, TensorData> a = TinyRuns.state(on.resolve("checkpoints/step-000012"));
    Map<String, TensorData> b = TinyRuns.state(off.resolve("checkpoints/step-000012"));
    assertEquals(b.keySet(), a.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(TinyRuns.bytes(b.get(k)), TinyRuns.bytes(a.get(k)), k);
    }
  }

  @Test
  void theSampleIsFixedBySeedAndDistinct() {
    int[] a = QualityMonitor.draw(2500, 100, 3);
    assertArrayEquals(a, QualityMonitor.draw(2500, 100, 3));
    assertFalse(java.util.Arrays.equals(a, QualityMonitor.draw(2500, 100, 4)));
    assertEquals(100, java.util.Arrays.stream(a).distinct().count());
    assertEquals(10, QualityMonitor.draw(10, 2048, 3).length); // small data: all of it
  }

  @Test
  void scheduleFollowsTheOptions() {
    MonitorOptions epochs = MonitorOptions.fromCli(null, 2048, null, false, null);
    assertTrue(epochs.due(7, true, false));
    assertFalse(epochs.due(8, false, false));
    assertTrue(epochs.due(9, false, true)); // always at the end
    MonitorOptions every = MonitorOptions.fromCli(4, 2048, null, false, null);
    assertTrue(every.due(8, false, false));
    assertFalse(every.due(7, true, false));
    assertFalse(MonitorOptions.fromCli(0, 2048, null, false, null).due(8, true, true));
    assertThrows(UserInputException.class, () -> MonitorOptions.fromCli(-1, 2048, null, false, null));
    assertThrows(UserInputException.class, () -> MonitorOptions.fromCli(null, 1, null, false, null));
    MonitorOptions auto = MonitorOptions.fromCli(null, null, null, false, null);
    assertEquals(2048, auto.samplesFor(60000));
    assertEquals(312, auto.samplesFor(2500)); // an eighth of small data sets
    assertEquals(256, auto.samplesFor(300));
    assertEquals(2048, every.samplesFor(100)); // as asked: the draw takes all 100
  }
}
