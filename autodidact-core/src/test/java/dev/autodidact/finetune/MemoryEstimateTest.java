package dev.autodidact.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import org.junit.jupiter.api.Test;

/** Sizes as the user writes them ({@code --max-memory}) and as messages print them. */
class MemoryEstimateTest {
  @Test
  void smallSizesArePrintedInTheirOwnUnitNotAsZeroMiB() {
    assertEquals("1.0 KiB", MemoryEstimate.human(MemoryEstimate.parseSize("1k")));
    assertEquals("500 B", MemoryEstimate.human(MemoryEstimate.parseSize("500")));
    assertEquals("1.5 KiB", MemoryEstimate.human(1536));
    assertEquals("512 MiB", MemoryEstimate.human(MemoryEstimate.parseSize("512m")));
    assertEquals("1.5 MiB", MemoryEstimate.human(3L << 19));
    assertEquals("4.0 GiB", MemoryEstimate.human(MemoryEstimate.parseSize("4g")));
  }

  @Test
  void aSizeBelowOneByteIsRefusedNotReadAsZero() {
    UserInputException e = assertThrows(UserInputException.class, () -> MemoryEstimate.parseSize("0.5"));
    assertTrue(e.getMessage().contains("--max-memory") && e.getMessage().contains("0.5"), e.getMessage());
  }
}
