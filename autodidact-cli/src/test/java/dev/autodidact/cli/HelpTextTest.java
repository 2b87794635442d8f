package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help renders cleanly: picocli formats descriptions with String.format, so a bare
 * {@code %} (as in "95% bootstrap CIs") makes it print a warning and the raw text instead.
 */
class HelpTextTest {
  @Test
  void everyCommandsHelpFormatsWithoutWarnings() {
    List<String> problems = new ArrayList<>();
    PrintStream saved = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      visit(Main.commandLine(), problems);
    } finally {
      System.setErr(saved);
    }
    String warnings = captured.toString(StandardCharsets.UTF_8);
    assertFalse(warnings.contains("picocli WARN"), warnings);
    assertEquals(List.of(), problems);
  }

  private static void visit(CommandLine cl, List<String> problems) {
    String usage = cl.getUsageMessage(CommandLine.Help.Ansi.OFF);
    if (usage.contains("%n") || usage.contains("${")) {
      problems.add(cl.getCommandSpec().qualifiedName() + ": unformatted placeholder in help");
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      visit(sub, problems);
    }
  }
}
