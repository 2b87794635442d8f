package dev.autodidact.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.testutil.Cli;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code bench train-step --compare}: variants parsed, built with their options, timed side by side. */
class StepCompareTest {
  @Test
  void parsesLabelAndOptions() {
    StepCompare.Variant v = StepCompare.Variant.parse("old:attn.layout=transpose,ln.forward=op");
    assertEquals("old", v.label());
    assertEquals(Map.of("attn.layout", "transpose", "ln.forward", "op"), v.options());
    assertEquals(Map.of(), StepCompare.Variant.parse("default").options());
    assertThrows(IllegalArgumentException.class, () -> StepCompare.Variant.parse("bad:novalue"));
  }

  @Test
  void comparesVariantsInOneProcess() throws Exception {
    Cli.Result r = Cli.run("bench", "train-step", "--recipe", "testdata/recipes/tiny-mae.json", "--batch", "4",
        "--steps", "3", "--warmup", "1", "--threads", "1", "--json",
        "--compare", "new", "--compare", "old:attn.layout=transpose,ln.forward=op,sum.lead=reducesum");
    assertEquals(0, r.code(), r.err());
    List<JsonNode> rows = new ArrayList<>();
    for (String line : r.out().strip().split("\n")) {
      rows.add(new ObjectMapper().readTree(line));
    }
    assertEquals(2, rows.size());
    assertEquals("new", rows.get(0).get("variant").asText());
    assertEquals(1.0, rows.get(0).get("paired_speedup_vs_first").asDouble(), 1e-12);
    assertEquals("transpose", rows.get(1).get("options").get("attn.layout").asText());
    for (JsonNode row : rows) {
      assertEquals(3, row.get("step_ms").size());
      assertTrue(row.get("images_per_s").asDouble() > 0);
    }
    // Both forms train the same model from the same state and inputs: equal losses up to float rounding.
    double a = rows.get(0).get("loss").asDouble();
    double b = rows.get(1).get("loss").asDouble();
    assertTrue(Math.abs(a - b) <= 1e-4 * Math.abs(a), a + " vs " + b);
  }

  @Test
  void badVariantIsAUserError() {
    Cli.Result r = Cli.run("bench", "train-step", "--recipe", "testdata/recipes/tiny-mae.json", "--compare", "x:oops");
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("--compare"), r.err());
  }

  @Test
  void formulationsOfThisIssueTrainTheSameModel() throws Exception {
    // MAE's row gathers (flat Gather vs GatherElements) and the BatchNorm forward (op vs decomposed).
    assertSameLoss("testdata/recipes/tiny-mae.json", "flat", "elements:rows.gather=elements");
    assertSameLoss("testdata/recipes/tiny-simclr.json", "op", "decomposed:bn.forward=decomposed");
  }

  private static void assertSameLoss(String recipe, String a, String b) throws Exception {
    Cli.Result r = Cli.run("bench", "train-step", "--recipe", recipe, "--batch", "4", "--steps", "2", "--warmup", "1",
        "--threads", "1", "--json", "--compare", a, "--compare", b);
    assertEquals(0, r.code(), r.err());
    String[] lines = r.out().strip().split("\n");
    assertEquals(2, lines.length);
    double x = new ObjectMapper().readTree(lines[0]).get("loss").asDouble();
    double y = new ObjectMapper().readTree(lines[1]).get("loss").asDouble();
    assertTrue(Math.abs(x - y) <= 1e-4 * Math.abs(x), recipe + ": " + x + " vs " + y);
  }

  @Test
  void sessionSettingsApplyAndPeakMemoryIsReported() throws Exception {
    Cli.Result r = Cli.run("bench", "train-step", "--recipe", "testdata/recipes/tiny-simclr.json", "--batch", "4",
        "--steps", "1", "--warmup", "0", "--threads", "1", "--json", "--session", "mempattern=off",
        "--session", "session.use_env_allocators=0");
    assertEquals(0, r.code(), r.err());
    assertTrue(new ObjectMapper().readTree(r.out().strip()).get("peak_rss_mb").asDouble() > 0, r.out());
    Cli.Result bad = Cli.run("bench", "train-step", "--recipe", "testdata/recipes/tiny-simclr.json",
        "--session", "mempattern=maybe");
    assertEquals(2, bad.code(), bad.err());
    assertTrue(bad.err().contains("--session"), bad.err());
  }
}
