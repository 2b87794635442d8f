package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.data.Fixtures;
import dev.autodidact.method.OnlineProbe;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pretrain --online-probe}: logged, checkpointed and resumed, and never part of the encoder or its update. */
class OnlineProbeTest {
  private static final MonitorOptions PROBE = new MonitorOptions(false, 0, 0, null, true, MonitorOptions.KeepBest.NONE);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  @Test
  void probeLearnsBesideAnUnchangedRun() throws Exception {
    for (Path recipe : List.of(TinyRuns.SIMCLR, TinyRuns.MAE)) {
      Path on = tmp.resolve("on-" + recipe.getFileName());
      Path off = tmp.resolve("off-" + recipe.getFileName());
      Overrides o = TinyRuns.steps(8, 16);
      new Trainer(TinyRuns.spec(recipe, TinyRuns.FASHION, on, o, 4, 0), PROBE).run(null, StopSignal.manual());
      new Trainer(TinyRuns.spec(recipe, TinyRuns.FASHION, off, o, 4, 0)).run(null, StopSignal.manual());

      Map<String, TensorData> a = TinyRuns.state(on.resolve("checkpoints/step-000008"));
      Map<String, TensorData> b = TinyRuns.state(off.resolve("checkpoints/step-000008"));
      for (String k : b.keySet()) {
        // encoder, head, BatchNorm, optimizer: as without the probe
        assertArrayEquals(TinyRuns.bytes(b.get(k)), TinyRuns.bytes(a.get(k)), recipe + ": " + k);
      }
      assertEquals(b.size() + 6, a.size()); // probe weight, bias and their AdamW moments
      assertTrue(a.containsKey("online_probe.classifier.weight"), a.keySet().toString());

      // The exported encoder leaves the probe out: the same model as without it.
      assertArrayEquals(EncoderExport.build(Recipe.load(recipe), b).onnx(), EncoderExport.build(Recipe.load(recipe), a).onnx());

      List<JsonNode> lines = Files.readAllLines(on.resolve(MetricsLog.FILE)).stream().map(OnlineProbeTest::parse)
          .filter(n -> n.has("loss")).toList();
      assertEquals(2, lines.size());
      for (JsonNode n : lines) {
        double acc = n.get("online_probe_acc").asDouble(-1);
        assertTrue(acc >= 0 && acc <= 1, "online_probe_acc " + acc);
        assertTrue(n.get("online_probe_loss").asDouble() > 0, n.toString());
      }
      assertFalse(Files.readString(off.resolve(MetricsLog.FILE)).contains("online_probe"));
    }
  }

  @Test
  void resumesWithItsProbeAndStartsOneFreshOnAPlainCheckpoint() throws Exception {
    Overrides o = TinyRuns.steps(8, 16);
    Path whole = tmp.resolve("whole");
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, whole, o, 4, 0), PROBE).run(null, StopSignal.manual());
    Path split = tmp.resolve("split");
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, split, o, 4, 0), PROBE).run(null, StopSignal.atStep(4));
    Checkpoint mid = new CheckpointStore(split).newest(null, false);
    assertEquals(4, mid.trainer().step());
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, split, o, 4, 0), PROBE).run(mid, StopSignal.manual());
    Map<String, TensorData> a = TinyRuns.state(whole.resolve("checkpoints/step-000008"));
    Map<String, TensorData> b = TinyRuns.state(split.resolve("checkpoints/step-000008"));
    assertEquals(a.keySet(), b.keySet());
    for (String k : a.keySet()) {
      assertArrayEquals(TinyRuns.bytes(a.get(k)), TinyRuns.bytes(b.get(k)), k); // the probe resumes exactly too
    }

    // a checkpoint trained without the probe: resumed with it, the probe starts from its initial weights
    Path plain = tmp.resolve("plain");
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, plain, o, 4, 0)).run(null, StopSignal.atStep(4));
    Checkpoint p = new CheckpointStore(plain).newest(null, false);
    assertFalse(p.state().keySet().stream().anyMatch(OnlineProbe::owns));
    new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, plain, o, 4, 0), PROBE).run(p, StopSignal.manual());
    Map<String, TensorData> c = TinyRuns.state(plain.resolve("checkpoints/step-000008"));
    assertEquals(a.keySet(), c.keySet());
    for (String k : a.keySet()) {
      if (!OnlineProbe.owns(k)) {
        assertArrayEquals(TinyRuns.bytes(a.get(k)), TinyRuns.bytes(c.get(k)), k);
      }
    }
  }

  @Test
  void dataWithoutLabelsIsRefused() throws Exception {
    Path loose = Files.createDirectories(tmp.resolve("loose"));
    for (int i = 0; i < 40; i++) {
      Fixtures.write(Fixtures.gray8(8, 8), "png", loose.resolve("img" + i + ".png"));
    }
    UserInputException e = assertThrows(UserInputException.class, () -> new Trainer(
        TinyRuns.spec(TinyRuns.SIMCLR, loose, tmp.resolve("run"), TinyRuns.steps(2, 16), 1, 0), PROBE)
        .run(null, StopSignal.manual()));
    assertTrue(e.getMessage().contains("--online-probe needs labels"), e.getMessage());
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
