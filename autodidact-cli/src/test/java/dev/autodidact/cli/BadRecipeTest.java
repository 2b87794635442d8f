package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.testutil.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A bad recipe field is exit 2 with one line naming the file, the JSON field path and the bad value. */
class BadRecipeTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "negative width|\"widths\": [32,|\"widths\": [-32,|encoder.widths[0] must be > 0, got -32",
      "unknown field|\"name\":|\"bogus\": 1, \"name\":|unknown field bogus",
      "misspelled key|\"temperature\"|\"temprature\"|unknown field simclr.temprature (did you mean temperature?)",
      "malformed JSON|\"method\": \"simclr\",|\"method\": \"simclr\" ,,|malformed JSON at line 3, column",
      "negative min_lr|\"min_lr\": 0.0|\"min_lr\": -1|schedule.min_lr must be >= 0, got -1.0",
      "momentum above 1|\"momentum\": 0.9|\"momentum\": 2|optimizer.momentum must be in [0, 1), got 2.0",
      "strength out of range|\"strength\": 0.5|\"strength\": 7|augment.strength must be in [0, 2.5], got 7.0",
      "warmup past the end|\"warmup_epochs\": 10|\"warmup_epochs\": 300|schedule.warmup_epochs must be <= schedule.epochs (200), got 300",
      "unknown preset|\"simclr-gray\"|\"simclr-grey\"|augment.preset must be one of simclr, simclr-gray, xray, mae, finetune, eval, got \"simclr-grey\"",
  })
  void exitsTwoNamingTheField(String what, String from, String to, String expected) throws Exception {
    String good = Files.readString(Path.of("models/simclr-resnet-small-28.json"));
    assertTrue(good.contains(from), from);
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, good.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
    Cli.Result r = Cli.run("export", "--recipe", bad.toString(), "--batch", "2", "--out", tmp.resolve("o").toString());
    assertEquals(2, r.code(), what + ": " + r.err());
    assertTrue(r.err().contains(expected), what + ": " + r.err());
    assertTrue(r.err().contains(bad.toString()), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }
}
