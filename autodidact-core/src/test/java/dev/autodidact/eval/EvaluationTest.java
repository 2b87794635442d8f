package dev.autodidact.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.DataFingerprint;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.Fixtures;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole protocol on the bundled sample with a stand-in encoder: results.json, cache, table. */
class EvaluationTest {
  @TempDir Path tmp;

  @Test
  void writesResultsAndReusesCachedFeatures() throws Exception {
    PooledPixels pre = new PooledPixels("a".repeat(64), 1f);
    PooledPixels rnd = new PooledPixels("b".repeat(64), 0.5f);
    EvalOptions o = new EvalOptions(LabelsPerClass.parseList("all,10"), 2, Set.of(Probe.LINEAR, Probe.KNN), 3, 1e-3,
        new int[] {20, 200}, 0.07, 200, true, 1);
    ModelInfo info = new ModelInfo("stand-in", pre.sha256(), "pooled-pixels", "none", null, null, null);
    Evaluation.DataSpec train = new Evaluation.DataSpec(Fixtures.FASHION, Optional.of("train"));
    Evaluation.DataSpec test = new Evaluation.DataSpec(Fixtures.FASHION, Optional.of("test"));
    Evaluation.Outcome out;
    try (EvalEncoders enc = new EvalEncoders(info, pre, Optional.of(rnd))) {
      out = Evaluation.run(enc, train, test, tmp, o, s -> {});
    }
    JsonNode r = new ObjectMapper().readTree(out.results().toFile());
    assertEquals("autodidact-eval/1", r.get("format").asText());
    assertEquals(2 * 3 * 2, r.get("results").size(), "2 encoders x (linear, knn-20, knn-200) x (10, all)");
    assertEquals(10, r.get("classes").size());
    assertEquals(500, r.get("data").get("test").get("samples").asInt());
    // provenance: each side records the fingerprint of exactly the rows it read (train and test differ)
    for (String side : List.of("train", "test")) {
      Datasets.Options opt = Datasets.Options.of(1).withLabels(true).withSplit(side);
      DataFingerprint fp = DataFingerprint.of(Fixtures.FASHION, Datasets.open(Fixtures.FASHION, opt));
      JsonNode d = r.get("data").get(side);
      assertEquals(fp.sha256(), d.get("fingerprint").asText(), side);
      assertEquals(fp.items(), d.get("items").asInt(), side);
      assertEquals(fp.basis(), d.get("basis").asText(), side);
    }
    assertTrue(!r.get("data").get("train").get("fingerprint").equals(r.get("data").get("test").get("fingerprint")));
    for (JsonNode c : r.get("results")) {
      boolean all = c.get("labels_per_class").isTextual();
      assertEquals(all ? 1 : 2, c.get("repeats").size());
      assertEquals(all ? 2500 : 100, c.get("train_samples").asInt());
      double acc = c.get("accuracy").get("mean").asDouble();
      assertTrue(acc > 0.3 && acc < 1, c.toString());
      assertTrue(c.get("accuracy").get("ci_low").asDouble() < acc && acc < c.get("accuracy").get("ci_high").asDouble());
    }
    JsonNode first = r.get("results").get(0);
    assertEquals("pretrained", first.get("encoder").asText());
    assertEquals("linear", first.get("probe").asText());
    assertEquals(10, first.get("labels_per_class").asInt(), "budgets ascending");
    JsonNode d = r.get("detail");
    assertEquals("all", d.get("labels_per_class").asText());
    assertEquals(10, d.get("confusion").size());
    assertEquals(10, d.get("roc").size());
    assertTrue(tmp.resolve(r.get("features").get("random").get("test").asText()).toFile().isFile());
    assertTrue(out.table().contains("random-init"), out.table());
    // a second run with other probe settings reads every feature file from the cache
    EvalOptions linearOnly = new EvalOptions(List.of(LabelsPerClass.ALL), 1, Set.of(Probe.LINEAR), 3, 1e-2,
        new int[] {20}, 0.07, 200, true, 1);
    try (EvalEncoders enc = new EvalEncoders(info, pre, Optional.of(rnd))) {
      Evaluation.Outcome again = Evaluation.run(enc, train, test, tmp, linearOnly, s -> {});
      assertEquals(2, again.cells().size());
    }
    assertEquals(2, pre.extractions, "train and test once each");
    assertEquals(2, rnd.extractions);
  }
}
