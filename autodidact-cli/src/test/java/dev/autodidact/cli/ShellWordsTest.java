package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Printed commands paste into a POSIX shell as printed. */
class ShellWordsTest {
  @Test
  void quotesOnlyWhatNeedsIt() {
    assertEquals("runs/quickstart", ShellWords.quote("runs/quickstart"));
    assertEquals("'my runs/a'", ShellWords.quote("my runs/a"));
    assertEquals("'it'\\''s'", ShellWords.quote("it's"));
    assertEquals("'$HOME/x'", ShellWords.quote("$HOME/x"));
    assertEquals("pretrain --out 'a b' --resume", ShellWords.join(List.of("pretrain", "--out", "a b", "--resume")));
  }

  @Test
  void theResumeCommandAddsResumeOnce() {
    assertEquals("autodidact finetune --out 'a b' --resume", ShellWords.resumeCommand(List.of("finetune", "--out", "a b")));
    assertEquals("autodidact pretrain --out x --resume auto",
        ShellWords.resumeCommand(List.of("pretrain", "--out", "x", "--resume", "auto")));
  }
}
