package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodidact.data.Fixtures;
import dev.autodidact.onnx.TensorData;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A run stopped at step k and resumed ends with exactly the state of an uninterrupted run: every state
 * tensor (weights, optimizer moments, BatchNorm statistics) compared bit for bit, across an epoch
 * boundary, for SimCLR (two views, BatchNorm) and MAE (masks drawn per batch).
 */
class ResumeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"simclr", "mae"})
  void interruptedAndResumedEqualsUninterrupted(String method) throws Exception {
    Path recipe = method.equals("simclr") ? TinyRuns.SIMCLR : TinyRuns.MAE;
    // 40 images, batch 8: 5 steps per epoch; 12 steps cross two epoch boundaries, the stop at 7 is mid-epoch.
    Path data = Fixtures.classFolder(dir.resolve("data"), 2, 20, 12);
    Overrides o = TinyRuns.steps(12, 8);

    Path a = dir.resolve("straight");
    RunSummary sa = new Trainer(TinyRuns.spec(recipe, data, a, o, 3, 0)).run(null, StopSignal.manual());
    assertEquals("completed", sa.status());

    Path b = dir.resolve("resumed");
    RunSummary first = new Trainer(TinyRuns.spec(recipe, data, b, o, 3, 0)).run(null, StopSignal.atStep(7));
    assertEquals("interrupted", first.status());
    assertEquals(7, first.step());
    CheckpointStore store = new CheckpointStore(b);
    Checkpoint c = store.newest(Trainer.recipeJson(o.apply(dev.autodidact.recipe.Recipe.load(recipe))), false);
    assertEquals(7, c.trainer().step());
    assertEquals(1, c.trainer().epoch());
    assertEquals(2, c.trainer().batchInEpoch());
    RunSummary sb = new Trainer(TinyRuns.spec(recipe, data, b, o, 3, 0)).run(c, StopSignal.manual());
    assertEquals("completed", sb.status());
    assertEquals(12, sb.step());

    Map<String, TensorData> ea = TinyRuns.state(Path.of(sa.lastCheckpoint()));
    Map<String, TensorData> eb = TinyRuns.state(Path.of(sb.lastCheckpoint()));
    assertEquals(ea.keySet(), eb.keySet());
    for (String k : ea.keySet()) {
      assertArrayEquals(bytes(ea.get(k)), bytes(eb.get(k)), method + ": state tensor " + k + " differs after resume");
    }
  }

  private static byte[] bytes(TensorData t) {
    ByteBuffer b = t.bytes();
    byte[] r = new byte[b.remaining()];
    b.get(r);
    return r;
  }
}
