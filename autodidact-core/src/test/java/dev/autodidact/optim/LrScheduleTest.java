package dev.autodidact.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.autodidact.recipe.Recipe;
import java.util.List;
import org.junit.jupiter.api.Test;

class LrScheduleTest {
  @Test
  void warmupThenHalfCosineWithExactBoundaries() {
    LrSchedule s = new LrSchedule(0.4, 0.0, 10, 110);
    assertEquals(0.0, s.lr(0));
    assertEquals(0.04, s.lr(1), 1e-15);
    assertEquals(0.2, s.lr(5), 1e-15);
    assertEquals(0.36, s.lr(9), 1e-15);
    assertEquals(0.4, s.lr(10));
    assertEquals(0.2, s.lr(60), 1e-15);
    assertEquals(0.4 * 0.5 * (1 + Math.cos(Math.PI * 0.25)), s.lr(35), 1e-15);
    assertEquals(0.0, s.lr(110));
    assertEquals(0.0, s.lr(1000));
  }

  @Test
  void minLrAndNoWarmup() {
    LrSchedule s = new LrSchedule(1.0, 0.1, 0, 4);
    assertEquals(1.0, s.lr(0));
    assertEquals(0.55, s.lr(2), 1e-15);
    assertEquals(0.1, s.lr(4));
    LrSchedule allWarmup = new LrSchedule(1.0, 0.0, 4, 4);
    assertEquals(0.75, allWarmup.lr(3));
    assertEquals(0.0, allWarmup.lr(4));
  }

  @Test
  void fromRecipeScalesByBatchAndCountsEpochs() {
    Recipe.Optimizer opt = new Recipe.Optimizer("adamw", 1.5e-4, "linear256", null, List.of(0.9, 0.95), null,
        0.05, null, null);
    Recipe.Schedule sched = new Recipe.Schedule(2, 10, 1e-6);
    LrSchedule s = LrSchedule.of(opt, sched, 512, 100);
    assertEquals(3e-4, s.peak(), 1e-18);
    assertEquals(200, s.warmupSteps());
    assertEquals(1000, s.totalSteps());
    assertEquals(1.5e-4, s.lr(100), 1e-18);
    assertEquals(3e-4, s.lr(200));
    assertEquals(1e-6, s.lr(1000));
  }

  @Test
  void rejectsBadArguments() {
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(0, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1, 2, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1, 0, 5, 4));
    assertThrows(IllegalArgumentException.class, () -> new LrSchedule(1, 0, 0, 4).lr(-1));
  }
}
