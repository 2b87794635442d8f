package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import dev.autodidact.testutil.Models;
import dev.autodidact.train.RunLock;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluateCommandTest {
  @TempDir Path tmp;

  @Test
  void runWithRandomBaselineWritesResultsAndTable() throws Exception {
    // the run's checkpoint holds the seeded initial weights: the random baseline (same recipe, same seed)
    // must be the very same encoder, so both rows of every cell agree exactly
    Path run = Models.run(Models.TINY_GRAY, 5, tmp.resolve("run"));
    Path out = tmp.resolve("eval");
    String sample = Fixtures.FASHION.toString();
    Cli.Result r = Cli.run("evaluate", "--model", run.toString(), "--train", sample, "--test", sample,
        "--labels-per-class", "10,all", "--repeats", "2", "--baseline", "random", "--threads", "1", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("random-init") && r.out().contains("linear") && r.out().contains("knn-200"), r.out());
    JsonNode j = new ObjectMapper().readTree(out.resolve("results.json").toFile());
    assertEquals("tiny-simclr", j.get("model").get("recipe").asText());
    assertEquals(run.toAbsolutePath().toString(), j.get("model").get("run").asText());
    assertEquals(12, j.get("results").size());
    for (int i = 0; i < 6; i++) {
      JsonNode p = j.get("results").get(i);
      JsonNode b = j.get("results").get(i + 6);
      assertEquals("pretrained", p.get("encoder").asText());
      assertEquals("random", b.get("encoder").asText());
      assertEquals(p.get("accuracy"), b.get("accuracy"), p.get("probe") + " " + p.get("labels_per_class"));
    }
    assertEquals(j.get("features").get("pretrained"), j.get("features").get("random"), "same weights, same hash, one cache file");

    // --json prints results.json; the features come from the cache this time
    Cli.Result again = Cli.run("evaluate", "--model", run.toString(), "--train", sample, "--test", sample,
        "--labels-per-class", "all", "--probe", "knn", "--threads", "1", "--json", "--out", out.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("from the cache"), again.err());
    assertEquals(2, new ObjectMapper().readTree(again.out()).get("results").size());
  }

  @Test
  void windowAndMaxPixelsReachTheFeaturesTheCacheKeyAndResultsJson() throws Exception {
    // 12-bit values stored in 16 bits: under --window none (scaled by 65535) the images are nearly black,
    // a percentile window stretches them; the two must give different features and cache files.
    Path data = tmp.resolve("xray");
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 10; i++) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_USHORT_GRAY);
        for (int y = 0; y < 8; y++) {
          for (int x = 0; x < 8; x++) {
            img.getRaster().setSample(x, y, 0, 300 + c * 1500 + ((x * 7 + y * 3 + i * 5) % 13) * 150);
          }
        }
        Fixtures.write(img, "png", data.resolve("class" + c).resolve("img" + i + ".png"));
      }
    }
    Path run = Models.run(Models.TINY_GRAY, 5, tmp.resolve("run"));
    Path out = tmp.resolve("eval");
    ObjectMapper om = new ObjectMapper();
    java.util.Map<String, JsonNode> results = new java.util.HashMap<>();
    for (String window : new String[] {"none", "percentile:1,99"}) {
      Cli.Result r = Cli.run("evaluate", "--model", run.toString(), "--train", data.toString(), "--test", data.toString(),
          "--labels-per-class", "all", "--probe", "knn", "--knn-k", "3", "--threads", "1", "--window", window,
          "--max-pixels", "4096", "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      assertTrue(r.err().matches("(?s).*pretrained encoder, train: \\d+ x \\d+ features computed.*"),
          window + " must not reuse the other window's features: " + r.err());
      JsonNode j = om.readTree(out.resolve("results.json").toFile());
      assertEquals(dev.autodidact.data.Window.parse(window).toString(), j.get("input").get("window").asText());
      assertEquals("given", j.get("input").get("window_source").asText());
      assertEquals(4096, j.get("input").get("max_pixels").asLong());
      results.put(window, j);
    }
    String a = results.get("none").get("features").get("pretrained").get("train").asText();
    String b = results.get("percentile:1,99").get("features").get("pretrained").get("train").asText();
    assertTrue(!a.equals(b), a);
    float[] fa = dev.autodidact.artifact.SafeTensors.read(out.resolve(a)).get("features").toFloats();
    float[] fb = dev.autodidact.artifact.SafeTensors.read(out.resolve(b)).get("features").toFloats();
    assertTrue(!java.util.Arrays.equals(fa, fb), "the window changes the features");
    // the same window again comes from its own cache file
    Cli.Result again = Cli.run("evaluate", "--model", run.toString(), "--train", data.toString(), "--test", data.toString(),
        "--labels-per-class", "all", "--probe", "knn", "--knn-k", "3", "--threads", "1", "--window", "none",
        "--max-pixels", "4096", "--out", out.toString());
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().matches("(?s).*pretrained encoder, train: \\d+ x \\d+ features from the cache.*"), again.err());
    // without --window the encoder's recorded window (none for this recipe) is used and recorded as such
    Cli.Result rec = Cli.run("evaluate", "--model", run.toString(), "--train", data.toString(), "--test", data.toString(),
        "--labels-per-class", "all", "--probe", "knn", "--knn-k", "3", "--threads", "1", "--out", tmp.resolve("e2").toString());
    assertEquals(0, rec.code(), rec.err());
    assertEquals("recorded", om.readTree(tmp.resolve("e2/results.json").toFile()).get("input").get("window_source").asText());
    // every image is over --max-pixels 10: all refused from their header, so nothing is left to probe
    Cli.Result small = Cli.run("evaluate", "--model", run.toString(), "--train", data.toString(), "--test", data.toString(),
        "--labels-per-class", "all", "--probe", "knn", "--knn-k", "3", "--threads", "1", "--max-pixels", "10",
        "--out", tmp.resolve("e3").toString());
    assertEquals(2, small.code(), small.err());
    assertTrue(small.err().contains("no labelled, readable training samples"), small.err());
  }

  @Test
  void singleClassTestSetIsExit2WithOneLine() throws Exception {
    Path run = Models.run(Models.TINY_GRAY, 5, tmp.resolve("run"));
    Path train = Fixtures.classFolder(tmp.resolve("train"), 2, 12, 8);
    Path test = tmp.resolve("test");
    Fixtures.classFolder(tmp.resolve("both"), 2, 4, 8);
    Files.createDirectories(test);
    Files.move(tmp.resolve("both").resolve("class1"), test.resolve("class1"));
    Cli.Result r = Cli.run("evaluate", "--model", run.toString(), "--train", train.toString(), "--test", test.toString(),
        "--labels-per-class", "all", "--threads", "1", "--out", tmp.resolve("eval").toString());
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("single class ('class1'"), r.err());
    assertEquals(1, r.err().lines().filter(l -> l.startsWith("error")).count(), r.err());
  }

  @Test
  void badArgumentsAreExit2() throws Exception {
    Path run = Models.run(Models.TINY_GRAY, 5, tmp.resolve("run"));
    String sample = Fixtures.FASHION.toString();
    Cli.Result k = Cli.run("evaluate", "--model", run.toString(), "--train", sample, "--test", sample,
        "--labels-per-class", "10,some", "--out", tmp.resolve("e").toString());
    assertEquals(2, k.code());
    assertTrue(k.err().contains("'some' is neither"), k.err());
    Cli.Result folder = Cli.run("evaluate", "--model", run.toString(), "--data", run.toString(), "--out", tmp.resolve("e").toString());
    assertEquals(2, folder.code());
    assertTrue(folder.err().contains("split column"), folder.err());
    Cli.Result none = Cli.run("evaluate", "--model", tmp.resolve("nope").toString(), "--train", sample, "--test", sample,
        "--out", tmp.resolve("e").toString());
    assertEquals(2, none.code(), none.err());
  }

  @Test
  void aSecondEvaluateOnTheSameOutputIsRefusedNamingTheHolder() throws Exception {
    Path run = Models.run(Models.TINY_GRAY, 5, tmp.resolve("run"));
    Path out = tmp.resolve("eval");
    String sample = Fixtures.FASHION.toString();
    try (RunLock held = RunLock.claim(out, "evaluate", "results.json")) {
      Cli.Result r = Cli.run("evaluate", "--model", run.toString(), "--train", sample, "--test", sample,
          "--labels-per-class", "10", "--repeats", "1", "--threads", "1", "--out", out.toString());
      assertEquals(2, r.code(), r.err());
      assertTrue(r.err().contains("in use by another autodidact process"), r.err());
      assertTrue(r.err().contains("PID " + ProcessHandle.current().pid()), r.err());
      assertTrue(Files.notExists(out.resolve("results.json")), "the refused command wrote nothing");
    }
  }
}
