package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.data.Fixtures;
import dev.autodidact.data.Window;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.testutil.Cli;
import dev.autodidact.testutil.Logs;
import dev.autodidact.train.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** finetune → export-classifier → predict on tiny models. */
class FinetuneCommandTest {
  static final String RECIPE = "testdata/recipes/tiny-classifier.json";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void finetuneFromScratchOnTheSampleBeatsChanceAndKeepsTheBestEpoch() throws Exception {
    Path run = dir.resolve("run");
    Cli.Result r = Cli.run("finetune", "--init", "none", "--recipe", RECIPE, "--data", Fixtures.FASHION.toString(),
        "--val-fraction", "0.2", "--epochs", "3", "--threads", "1", "--loader-threads", "1", "--no-progress",
        "--out", run.toString());
    assertEquals(0, r.code(), r.err());
    List<JsonNode> val = Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(FinetuneCommandTest::parse)
        .filter(n -> n.has("val_accuracy")).toList();
    assertEquals(3, val.size());
    JsonNode best = val.stream().reduce((a, b) -> b.get("val_accuracy").asDouble() > a.get("val_accuracy").asDouble() ? b : a)
        .orElseThrow();
    List<Path> bestDirs = list(run.resolve("best"));
    assertEquals(1, bestDirs.size());
    assertEquals(String.format("step-%06d", best.get("step").asLong()), bestDirs.get(0).getFileName().toString());
    assertEquals(best.get("val_accuracy").asDouble(), val.get(2).get("best_accuracy").asDouble(), 0.0);

    Path model = dir.resolve("model.onnx");
    Cli.Result ex = Cli.run("export-classifier", "--checkpoint", run.resolve("best").toString(), "--out", model.toString());
    assertEquals(0, ex.code(), ex.err());
    JsonNode mj = JSON.readTree(dir.resolve("model.json").toFile());
    assertEquals("autodidact-classifier/1", mj.get("format").asText());
    assertEquals(10, mj.get("classes").size());
    assertEquals(best.get("val_accuracy").asDouble(), mj.get("validation").get("accuracy").asDouble(), 1e-12);
    assertEquals("none", mj.get("source").get("init").get("init").asText());
    // model.json carries the same eval contract as encoder.json, the recipe's window included (DICOM inputs
    // decoded by Predictor must see the window training saw)
    assertEquals(EvalPreprocessing.of(Recipes.load(Path.of(RECIPE))).toJsonNode(), mj.get("preprocessing"));
    assertEquals(Window.DEFAULT.toString(), mj.get("preprocessing").get("decode").get("window").asText());

    Path csv = dir.resolve("pred.csv");
    Cli.Result p = Cli.run("predict", "--model", model.toString(), "--data", Fixtures.FASHION.toString(), "--split", "test",
        "--out", csv.toString(), "--eval", "--threads", "1");
    assertEquals(0, p.code(), p.err());
    List<String> rows = Files.readAllLines(csv);
    assertEquals(501, rows.size());
    assertTrue(rows.get(0).startsWith("path,p_0,"), rows.get(0));
    double acc = JSON.readTree(dir.resolve("pred.csv.metrics.json").toFile()).get("accuracy").asDouble();
    assertTrue(acc > 0.3, "test accuracy " + acc + " is not above chance (0.1) by a margin");

    // A linear probe from this run's checkpoint keeps every encoder tensor and BN statistic bit-identical.
    Path probe = dir.resolve("probe");
    Cli.Result lr = Cli.run("finetune", "--init", run.toString(), "--mode", "linear", "--recipe", RECIPE,
        "--data", Fixtures.FASHION.toString(), "--epochs", "1", "--threads", "1", "--loader-threads", "1",
        "--no-progress", "--out", probe.toString());
    assertEquals(0, lr.code(), lr.err());
    List<Path> runCkpts = list(run.resolve("checkpoints"));
    Map<String, TensorData> before = SafeTensors.read(runCkpts.get(runCkpts.size() - 1).resolve("state.safetensors")).tensors();
    Map<String, TensorData> after = SafeTensors.read(list(probe.resolve("checkpoints")).get(0).resolve("state.safetensors")).tensors();
    int encoder = 0;
    for (String k : before.keySet()) {
      if (k.startsWith("encoder.")) {
        assertEquals(before.get(k).bytes(), after.get(k).bytes(), k);
        encoder++;
      }
    }
    assertTrue(encoder > 10);
    assertTrue(!before.get("classifier.weight").bytes().equals(after.get("classifier.weight").bytes()));
  }

  @Test
  void predictListsUnreadableFilesWithReasons() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("data"), 2, 24, 8);
    Path run = dir.resolve("run");
    Cli.Result r = Cli.run("finetune", "--init", "none", "--recipe", RECIPE, "--data", data.toString(), "--batch", "8",
        "--epochs", "1", "--threads", "1", "--loader-threads", "1", "--no-progress", "--out", run.toString());
    assertEquals(0, r.code(), r.err());
    Path messy = Fixtures.classFolder(dir.resolve("messy"), 2, 4, 8);
    Files.createFile(messy.resolve("class0/empty.png"));
    Files.writeString(messy.resolve("class1/report.png"), "not an image");
    Path csv = dir.resolve("pred.csv");
    Cli.Result p = Cli.run("predict", "--model", run.toString(), "--data", messy.toString(), "--out", csv.toString(),
        "--threads", "1");
    assertEquals(0, p.code(), p.err());
    assertTrue(p.out().contains("10 images, 2 unreadable"), p.out());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("path,p_class0,p_class1,predicted,true_label,error", rows.get(0));
    String empty = rows.stream().filter(l -> l.contains("empty.png")).findFirst().orElseThrow();
    assertTrue(empty.endsWith(",,,class0,empty file (0 bytes)"), empty);
    String report = rows.stream().filter(l -> l.contains("report.png")).findFirst().orElseThrow();
    assertTrue(report.contains(",,,class1,") && !report.endsWith(","), report);
    long ok = rows.stream().skip(1).filter(l -> l.endsWith(",")).count();
    assertEquals(8, ok);
  }

  @Test
  void multiLabelCsvWithUncertainValuesAccumulationAndClassWeights() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("imgs"), 2, 20, 8);
    StringBuilder csv = new StringBuilder("path,Edema,Effusion\n");
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 20; i++) {
        String edema = c == 1 ? "1" : i % 5 == 0 ? "-1" : "0";
        String effusion = i % 4 == 0 ? "" : i % 2 == 0 ? "1" : "0";
        csv.append(String.format("class%d/img%03d.png,%s,%s%n", c, i, edema, effusion));
      }
    }
    Path manifest = Files.writeString(data.resolve("labels.csv"), csv);
    Path run = dir.resolve("ml");
    Cli.Result r = Cli.run("finetune", "--init", "none", "--recipe", RECIPE, "--data", manifest.toString(),
        "--label-columns", "Edema,Effusion", "--uncertain", "ones", "--class-weights", "auto", "--val-fraction", "0.25",
        "--batch", "4", "--accumulate", "2", "--epochs", "2", "--max-memory", "8g", "--threads", "1",
        "--loader-threads", "1", "--no-progress", "--out", run.toString());
    assertEquals(0, r.code(), r.err());
    JsonNode last = parse(Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("val_auc"))
        .reduce((x, y) -> y).orElseThrow());
    assertTrue(last.has("val_auc_per_finding") && last.has("best_auc"), last.toString());
    JsonNode recipe = JSON.readTree(list(run.resolve("checkpoints")).get(0).resolve("trainer.json").toFile())
        .get("recipe").get("classifier");
    assertTrue(recipe.get("multi_label").asBoolean());
    assertEquals(2, recipe.get("class_weights").size());
    Path csvOut = dir.resolve("ml.csv");
    Cli.Result p = Cli.run("predict", "--model", run.toString(), "--data", manifest.toString(), "--out", csvOut.toString(),
        "--threads", "1");
    assertEquals(0, p.code(), p.err());
    List<String> rows = Files.readAllLines(csvOut);
    assertEquals("path,p_Edema,p_Effusion,predicted,true_label,error", rows.get(0));
    assertEquals(41, rows.size());
    // A memory limit below the estimate is refused before anything runs, with a suggestion.
    Cli.Result m = Cli.run("finetune", "--init", "none", "--recipe", RECIPE, "--data", manifest.toString(),
        "--label-columns", "Edema,Effusion", "--max-memory", "1m", "--out", dir.resolve("mm").toString());
    assertEquals(2, m.code());
    assertTrue(m.err().contains("--max-memory") && m.err().contains("needs about"), m.err());
  }

  @Test
  void labelsPerClassAboveWhatAClassHasTrainsOnAllOfItAndSaysSo() {
    // The sample: 2500 training images of 10 classes, 2250 after the 10 % hold-out, so no class has 1000.
    Logs.Captured<Cli.Result> r = Logs.during(() -> Cli.run("finetune", "--init", "none", "--recipe", RECIPE, "--data",
        Fixtures.FASHION.toString(), "--labels-per-class", "1000", "--max-steps", "1", "--threads", "1",
        "--loader-threads", "1", "--no-progress", "--out", dir.resolve("lpc").toString()));
    assertEquals(0, r.value().code(), r.value().err());
    List<String> lines = r.log().lines().filter(l -> l.contains("--labels-per-class 1000")).toList();
    assertEquals(1, lines.size(), r.log());
    assertTrue(lines.get(0).contains("10 of 10 classes have fewer than 1000 labelled training images")
        && lines.get(0).contains("training on all of theirs: 2250 images"), lines.get(0));
    Logs.Captured<Cli.Result> enough = Logs.during(() -> Cli.run("finetune", "--init", "none", "--recipe", RECIPE,
        "--data", Fixtures.FASHION.toString(), "--labels-per-class", "2", "--batch", "8", "--max-steps", "1", "--threads", "1",
        "--loader-threads", "1", "--no-progress", "--out", dir.resolve("lpc2").toString()));
    assertEquals(0, enough.value().code(), enough.value().err());
    assertTrue(enough.log().lines().noneMatch(l -> l.contains("--labels-per-class 2:")), enough.log());
  }

  @Test
  void anInterruptedRunPrintsHowToResumeAndEveryCommandPastesAsPrinted() {
    Path out = dir.resolve("my runs").resolve("it's");
    List<String> args = List.of("finetune", "--init", "none", "--recipe", RECIPE, "--data", "my data", "--out", out.toString());
    RunSummary s = new RunSummary("interrupted", "tiny-classifier", 3, 10, 0.3, 1.5, 0, 1, false,
        out.resolve("checkpoints/step-000003").toString(), Map.of("metrics", out.resolve("metrics.jsonl").toString()),
        "stopped at step 3 of 10 on request; resume with --resume", null);
    java.io.StringWriter text = new java.io.StringWriter();
    FinetuneCommand.report(new java.io.PrintWriter(text), out, s, args);
    String q = ShellWords.quote(out.toString());
    assertTrue(q.startsWith("'"), q);
    assertTrue(text.toString().contains("  resume with: autodidact finetune --init none --recipe " + RECIPE
        + " --data 'my data' --out " + q + " --resume\n"), text.toString());
    assertTrue(text.toString().contains("  export:      autodidact export-classifier --checkpoint "
        + ShellWords.quote(out.resolve("best").toString()) + " --out " + ShellWords.quote(out.resolve("model.onnx").toString())
        + "\n"), text.toString());

    java.io.StringWriter done = new java.io.StringWriter();
    FinetuneCommand.report(new java.io.PrintWriter(done), out, new RunSummary("completed", "tiny-classifier", 10, 10, 1,
        1.0, 0, 1, false, "c", Map.of(), "done", null), args);
    assertTrue(!done.toString().contains("resume with"), done.toString());
  }

  @Test
  void badArgumentsExitTwoWithOneLine() {
    Cli.Result r = Cli.run("finetune", "--init", "none", "--recipe", "testdata/recipes/tiny-simclr.json", "--data",
        Fixtures.FASHION.toString(), "--out", dir.resolve("x").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("classifier recipe"), r.err());
    r = Cli.run("finetune", "--init", dir.resolve("nope").toString(), "--recipe", RECIPE, "--data",
        Fixtures.FASHION.toString(), "--out", dir.resolve("y").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("does not exist"), r.err());
  }

  private static JsonNode parse(String line) {
    try {
      return JSON.readTree(line);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void windowGivenToFinetuneReachesModelJsonAndPredictDecodesWithIt() throws Exception {
    Path run = dir.resolve("win");
    Cli.Result r = Cli.run("finetune", "--init", "none", "--recipe", RECIPE, "--data", Fixtures.FASHION.toString(),
        "--window", "percentile:1,99", "--max-pixels", "1000000", "--val-fraction", "0.2", "--epochs", "1",
        "--threads", "1", "--loader-threads", "1", "--no-progress", "--out", run.toString());
    assertEquals(0, r.code(), r.err());
    Path model = dir.resolve("win.onnx");
    Cli.Result ex = Cli.run("export-classifier", "--checkpoint", run.toString(), "--out", model.toString());
    assertEquals(0, ex.code(), ex.err());
    JsonNode mj = JSON.readTree(dir.resolve("win.json").toFile());
    assertEquals(Window.parse("percentile:1,99").toString(), mj.get("preprocessing").get("decode").get("window").asText());
    // predict from model.onnx and from the run decode alike (the window comes from model.json / the recipe)
    Path a = dir.resolve("a.csv");
    Path b = dir.resolve("b.csv");
    assertEquals(0, Cli.run("predict", "--model", model.toString(), "--data", Fixtures.FASHION.toString(), "--split", "test",
        "--out", a.toString(), "--threads", "1").code());
    assertEquals(0, Cli.run("predict", "--model", run.toString(), "--data", Fixtures.FASHION.toString(), "--split", "test",
        "--out", b.toString(), "--threads", "1").code());
    assertEquals(Files.readAllLines(b), Files.readAllLines(a));
    Cli.Result bad = Cli.run("predict", "--model", model.toString(), "--data", Fixtures.FASHION.toString(),
        "--out", dir.resolve("c.csv").toString(), "--window", "sideways");
    assertEquals(2, bad.code(), bad.err());
  }

  private static List<Path> list(Path d) throws Exception {
    try (Stream<Path> s = Files.list(d)) {
      return s.filter(p -> p.getFileName().toString().startsWith("step-")).sorted().toList();
    }
  }
}
