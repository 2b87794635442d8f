package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import org.junit.jupiter.api.Test;

/** {@code --window}, {@code --max-pixels} and {@code inspect-data --stats} from the command line. */
class ImageInputOptionsTest {
  @Test
  void badWindowIsAUsageErrorNamingTheSyntax() {
    Cli.Result r = Cli.run("inspect-data", "--data", Fixtures.MEDICAL.toString(), "--window", "percentile:90,10");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--window") && r.err().contains("LO < HI"), r.err());
    assertTrue(r.err().startsWith("error: Invalid value for option '--window': window percentile:"), r.err());
    assertTrue(!r.err().contains("Exception"), "no class name in a user's message: " + r.err());
    Cli.Result p = Cli.run("pretrain", "--recipe", "testdata/recipes/tiny-simclr.json", "--data", Fixtures.MEDICAL.toString(),
        "--out", "target/never", "--window", "auto");
    assertEquals(2, p.code());
    assertTrue(p.err().contains("none|dicom|percentile:LO,HI|fixed:CENTER,WIDTH"), p.err());
  }

  @Test
  void maxPixelsMustBePositive() {
    Cli.Result r = Cli.run("inspect-data", "--data", Fixtures.MEDICAL.toString(), "--max-pixels", "0");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--max-pixels"), r.err());
  }

  @Test
  void statsFollowTheWindowAndPrintTheRecipeSnippet() throws Exception {
    Cli.Result none = Cli.run("inspect-data", "--data", Fixtures.MEDICAL.toString(), "--stats", "--json", "--window", "none");
    Cli.Result pct = Cli.run("inspect-data", "--data", Fixtures.MEDICAL.toString(), "--stats", "--json", "--window", "percentile:1,99");
    assertEquals(0, none.code(), none.err());
    assertEquals(0, pct.code(), pct.err());
    JsonNode a = new ObjectMapper().readTree(none.out()).get("stats");
    JsonNode b = new ObjectMapper().readTree(pct.out()).get("stats");
    assertEquals(1, a.get("mean").size());
    // The 12-bit-in-16 images are dark without a window; the percentile window spreads them out.
    assertTrue(b.get("std").get(0).asDouble() > a.get("std").get(0).asDouble(), a + " vs " + b);
    Cli.Result human = Cli.run("inspect-data", "--data", Fixtures.MEDICAL.toString(), "--stats");
    assertTrue(human.out().contains("\"input\": {..., \"mean\": ["), human.out());
  }
}
