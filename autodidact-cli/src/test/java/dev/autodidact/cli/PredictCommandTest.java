package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.InferenceOptions;
import dev.autodidact.Prediction;
import dev.autodidact.Predictor;
import dev.autodidact.Preprocessing;
import dev.autodidact.api.ClassifierManifest;
import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import dev.autodidact.testutil.Models;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** predict goes through the public Predictor; multi-label --eval reports AUC per finding. */
class PredictCommandTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final List<Path> IMAGES = List.of(Path.of("testdata/medical-like/chest-8bit.png"),
      Path.of("testdata/medical-like/chest-16bit.tif"), Path.of("testdata/images/rgb-8bit-37x23.png"),
      Path.of("testdata/images/gray-8bit-5x7.png"));

  @TempDir Path dir;

  @Test
  void cliProbabilitiesAreThePredictorsOnTheSameImages() throws Exception {
    for (boolean multi : new boolean[] {false, true}) {
      Path m = dir.resolve(multi ? "multi" : "single");
      Path json = Models.classifier(Models.TINY_GRAY, 3, List.of("normal", "effusion", "nodule"), multi, m);
      // A contract the recipe's eval preset would not give (resize 13, bicubic, before an 8-pixel crop):
      // only a reader of model.json's preprocessing gets these probabilities.
      ClassifierManifest a = ClassifierManifest.read(json);
      Preprocessing p = a.preprocessing();
      Preprocessing edited = new Preprocessing(p.window(), p.channels(), p.channelConversion(), 13,
          Preprocessing.Interpolation.BICUBIC, p.crop(), p.mean(), p.std());
      new ClassifierManifest(a.model(), a.sha256(), edited, a.inputName(), a.inputShape(), a.outputName(),
          a.outputShape(), a.classes(), a.multiLabel(), a.thresholds(), a.validation(), a.source(), a.trainingData(),
          a.validationData(), a.libraryVersion()).write(json);
      Path imgs = m.resolve("imgs");
      List<Path> files = new ArrayList<>();
      for (Path src : IMAGES) {
        files.add(Files.copy(src, Files.createDirectories(imgs).resolve(src.getFileName())));
      }
      Files.writeString(imgs.resolve("zz-broken.png"), "not an image");
      Path csv = m.resolve("pred.csv");
      Cli.Result r = Cli.run("predict", "--model", m.resolve("model.onnx").toString(), "--data", imgs.toString(),
          "--out", csv.toString(), "--threads", "1");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("5 images, 1 unreadable"), r.out());
      Map<String, String> rows = new HashMap<>();
      for (String line : Files.readAllLines(csv).subList(1, 6)) {
        rows.put(Path.of(line.substring(0, line.indexOf(','))).getFileName().toString(), line);
      }
      try (Predictor pr = Predictor.load(m.resolve("model.onnx"), InferenceOptions.cpu().withThreads(1))) {
        assertEquals(13, pr.preprocessing().resize());
        List<Prediction> want = pr.predictFiles(files);
        for (int i = 0; i < files.size(); i++) {
          Prediction w = want.get(i);
          StringBuilder sb = new StringBuilder();
          for (double v : w.probabilities()) {
            sb.append(',').append(String.format(Locale.ROOT, "%.6f", v));
          }
          sb.append(',').append(String.join(";", w.labels())).append(",,");
          String line = rows.get(files.get(i).getFileName().toString());
          assertEquals(sb.toString(), line.substring(line.indexOf(',')), files.get(i) + (multi ? " multi" : " single"));
        }
      }
      // the unreadable file: no probabilities, no prediction, its reason
      assertTrue(rows.get("zz-broken.png").matches(".*zz-broken\\.png,,,,,,[^,]+"), rows.get("zz-broken.png"));
    }
  }

  @Test
  void multiLabelEvalGivesTheAucOfEachFindingUnderTheUncertainPolicy() throws Exception {
    List<String> findings = List.of("Edema", "Effusion");
    Path m = dir.resolve("ml");
    Models.classifier(Models.TINY_GRAY, 5, findings, true, m);
    // 24 images of varied brightness; Edema follows brightness with some -1s; Effusion has blanks
    StringBuilder csv = new StringBuilder("path,Edema,Effusion\n");
    for (int i = 0; i < 24; i++) {
      BufferedImage img = new BufferedImage(10, 10, BufferedImage.TYPE_BYTE_GRAY);
      for (int y = 0; y < 10; y++) {
        for (int x = 0; x < 10; x++) {
          img.getRaster().setSample(x, y, 0, (i * 10 + x * y * (i % 5)) % 256);
        }
      }
      Fixtures.write(img, "png", m.resolve("img" + i + ".png"));
      String edema = i % 6 == 0 ? "-1" : i < 12 ? "0" : "1";
      String effusion = i % 5 == 0 ? "" : i % 3 == 0 ? "1" : "0";
      csv.append("img").append(i).append(".png,").append(edema).append(',').append(effusion).append('\n');
    }
    Path labels = Files.writeString(m.resolve("labels.csv"), csv);
    Map<String, JsonNode> byPolicy = new HashMap<>();
    for (String policy : List.of("ignore", "ones")) {
      Path out = m.resolve(policy + ".csv");
      Cli.Result r = Cli.run("predict", "--model", m.resolve("model.onnx").toString(), "--data", labels.toString(),
          "--label-columns", "Edema,Effusion", "--uncertain", policy, "--eval", "--out", out.toString(), "--threads", "1");
      assertEquals(0, r.code(), r.err());
      assertTrue(r.out().contains("mean AUC") && r.out().contains("Edema") && r.out().contains("Effusion"), r.out());
      JsonNode mj = JSON.readTree(m.resolve(policy + ".csv.metrics.json").toFile());
      byPolicy.put(policy, mj);
      assertTrue(mj.get("multi_label").asBoolean());
      assertEquals(policy, mj.get("uncertain").asText());
      // each finding's AUC, recomputed here from the written probabilities and the CSV under the policy
      List<String> rows = Files.readAllLines(out).subList(1, 25);
      double sum = 0;
      for (int f = 0; f < 2; f++) {
        List<Double> pos = new ArrayList<>();
        List<Double> neg = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
          String v = csv.toString().split("\n")[i + 1].split(",", -1)[f + 1];
          double p = Double.parseDouble(rows.get(i).split(",")[f + 1]);
          if (v.equals("1") || (v.equals("-1") && policy.equals("ones"))) {
            pos.add(p);
          } else if (v.equals("0") || v.isEmpty()) { // blank: not mentioned = negative (--blank zeros)
            neg.add(p);
          }
        }
        double auc = mannWhitney(pos, neg);
        double got = mj.get("auc_per_label").get(findings.get(f)).asDouble();
        assertEquals(auc, got, 2e-5, policy + " " + findings.get(f)); // probabilities were rounded to 6 digits
        sum += got;
      }
      assertEquals(sum / 2, mj.get("mean_auc").asDouble(), 1e-12);
    }
    assertNotEquals(byPolicy.get("ignore").get("auc_per_label").get("Edema").asDouble(),
        byPolicy.get("ones").get("auc_per_label").get("Edema").asDouble(), "the uncertain policy changes Edema's AUC");
    // --eval on a multi-label model without the findings named is refused with one line
    Cli.Result bad = Cli.run("predict", "--model", m.resolve("model.onnx").toString(), "--data", labels.toString(),
        "--eval", "--out", m.resolve("x.csv").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--label-columns Edema,Effusion"), bad.err());
  }

  @Test
  void aPretrainingRunIsRefusedWithOneLine() throws Exception {
    Path run = Models.run(Models.TINY_GRAY, 5, dir.resolve("run"));
    Cli.Result p = Cli.run("predict", "--model", run.toString(), "--data", IMAGES.get(0).getParent().toString(),
        "--out", dir.resolve("p.csv").toString());
    assertEquals(2, p.code(), p.err());
    assertTrue(p.err().contains("simclr checkpoint") && p.err().lines().count() == 1, p.err());
    Cli.Result e = Cli.run("export-classifier", "--checkpoint", run.toString(), "--out", dir.resolve("m.onnx").toString());
    assertEquals(2, e.code(), e.err());
    assertTrue(e.err().contains("export-encoder"), e.err());
    assertTrue(!Files.exists(dir.resolve("m.onnx")), "nothing written");
  }

  /** P(score of a positive > score of a negative), ties counting half. */
  private static double mannWhitney(List<Double> pos, List<Double> neg) {
    double wins = 0;
    for (double p : pos) {
      for (double n : neg) {
        wins += p > n ? 1 : p == n ? 0.5 : 0;
      }
    }
    return wins / (pos.size() * (double) neg.size());
  }
}
