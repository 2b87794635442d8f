package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import dev.autodidact.method.MaeMasking;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.CudaSettings;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.DeviceChoice;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The small pieces of the training loop: masks, schedule plan, overrides, collapse monitor, device choice. */
class UnitsTest {
  @Test
  void maskSamplerDrawsExactlyWhatMaeMaskingDraws() {
    for (int l : new int[] {4, 16, 49}) {
      MaeMasking.Sampler s = new MaeMasking.Sampler(5, l, 0.75);
      LongBuffer keep = ByteBuffer.allocateDirect(8 * 5 * s.lenKeep()).order(ByteOrder.nativeOrder()).asLongBuffer();
      LongBuffer restore = ByteBuffer.allocateDirect(8 * 5 * l).order(ByteOrder.nativeOrder()).asLongBuffer();
      for (long seed = 0; seed < 5; seed++) {
        s.draw(seed, keep, restore);
        MaeMasking.Ids ids = MaeMasking.draw(seed, 5, l, 0.75);
        long[] k = new long[keep.capacity()];
        keep.get(0, k);
        long[] r = new long[restore.capacity()];
        restore.get(0, r);
        assertArrayEquals(ids.idsKeep(), k);
        assertArrayEquals(ids.idsRestore(), r);
      }
    }
  }

  @Test
  void planFitsTheRecipesWarmupShareToTheRun() {
    Recipe file = Recipe.load(Path.of("models/simclr-resnet-small-28.json")); // warmup 10 of 200 epochs
    Recipe one = new Overrides(1, null, 64, null, null, null, null, null).apply(file);
    assertEquals(1, one.schedule().epochs());
    TrainPlan p = TrainPlan.of(file, one, 39, 0);
    assertEquals(39, p.totalSteps());
    assertEquals(2, p.lr().warmupSteps()); // 5 % of 39, rounded
    assertEquals(1.0 * 64 / 256, p.lr().peak(), 1e-12); // linear256 batch rule
    TrainPlan capped = TrainPlan.of(file, one, 39, 20);
    assertEquals(20, capped.totalSteps());
    TrainPlan asIs = TrainPlan.of(file, file, 100, 0);
    assertEquals(1000, asIs.lr().warmupSteps());
    assertEquals(20000, asIs.totalSteps());
    // a peak below min_lr is the user's numbers (recipe and --lr): exit 2 naming them, not a failed LrSchedule check
    Recipe ft = Recipe.load(Path.of("models/finetune-resnet-small-28.json")); // min_lr 1e-6, no batch rule
    Recipe tiny = new Overrides(null, null, null, 1e-8, null, null, null, null).apply(ft);
    UserInputException e = assertThrows(UserInputException.class, () -> TrainPlan.of(ft, tiny, 10, 0));
    assertTrue(e.getMessage().startsWith("schedule.min_lr 1.0E-6 is above the peak learning rate 1.0E-8"), e.getMessage());
  }

  @Test
  void overridesRebuildTheRecipeAndRefuseWhatDoesNotApply() {
    Recipe mae = Recipe.load(Path.of("models/mae-vit-tiny-28.json"));
    Recipe r = new Overrides(null, null, 32, 1e-3, null, 0.6, 3L, 2).apply(mae);
    assertEquals(32, r.train().batch());
    assertEquals(1e-3, r.optimizer().baseLr());
    assertEquals(0.6, r.mae().maskRatio());
    assertEquals(mae.encoder(), r.encoder());
    assertThrows(IllegalArgumentException.class, () -> new Overrides(null, null, null, null, 0.1, null, null, null).apply(mae));
    assertThrows(IllegalArgumentException.class, () -> new Overrides(null, null, null, null, null, 0.99, null, null).apply(mae));
    assertThrows(IllegalArgumentException.class, () -> new Overrides(null, null, null, -1.0, null, null, null, null));
    assertEquals(java.util.Map.of("batch", 32, "seed", 3L), new Overrides(null, null, 32, null, null, null, 3L, null).given());
  }

  @Test
  void collapseNeedsKConsecutiveLowIntervals() {
    CollapseMonitor m = new CollapseMonitor(0.01, 3);
    assertFalse(m.observe(0.001));
    assertFalse(m.observe(0.001));
    assertFalse(m.observe(0.05)); // recovered: the count restarts
    assertFalse(m.observe(0.001));
    assertFalse(m.observe(0.001));
    assertTrue(m.observe(0.001));
    assertFalse(m.observe(0.001)); // warns once
    assertTrue(m.fired());
    Recipe simclr = Recipe.load(Path.of("models/simclr-resnet-small-28.json"));
    assertEquals(0.1 / Math.sqrt(256), CollapseMonitor.defaultThreshold(simclr), 1e-12);
  }

  @Test
  void deviceChoiceFallsBackOnlyForAuto() {
    CudaSettings cuda = CudaSettings.defaults(0);
    assertEquals(Device.CPU, DeviceChoice.resolve("cpu", cuda).device());
    assertTrue(DeviceChoice.resolve("cpu", cuda).fallbackReason().isEmpty());
    DeviceChoice auto = DeviceChoice.resolve("auto", cuda);
    if (auto.device().kind() == Device.Kind.CPU) { // a CPU build: auto says why, cuda is an error
      assertTrue(auto.fallbackReason().isPresent());
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("cuda:1", cuda));
      assertTrue(e.getMessage().contains("cuda:1"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> DeviceChoice.resolve("tpu", cuda));
    assertThrows(IllegalArgumentException.class, () -> new CudaSettings(0, 0, "fastest"));
  }
}
