package dev.autodidact.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.train.Overrides;
import dev.autodidact.train.RunSpec;
import dev.autodidact.train.StopSignal;
import dev.autodidact.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Builds reports from real tiny runs and the format sample {@code testdata/report/results.json}, then
 * reads them back as a person's browser would need them: every section present, every image a PNG that
 * decodes, missing inputs said in a line.
 */
class ReportTest {
  private static final Path FASHION = Path.of("testdata", "fashion-mnist-sample");
  private static final Path RESULTS = Path.of("testdata", "report", "results.json");

  @TempDir Path dir;

  /** A few steps of a tiny recipe on the Fashion-MNIST sample, logged every step. */
  private Path run(String recipe, int steps) throws Exception {
    Path out = dir.resolve(recipe);
    Overrides o = new Overrides(null, (long) steps, 16, null, null, null, null, null);
    RunSpec spec = new RunSpec(Recipe.load(Path.of("testdata/recipes/" + recipe + ".json")), o, FASHION, out, 7,
        SessionConfig.of(Device.CPU, 1), 1, 1, 0, 1, 5, false);
    new Trainer(spec).run(null, StopSignal.manual());
    return out;
  }

  /** The page as a DOM (the report is well-formed XHTML) and its images by alt text. */
  private record Page(Document doc, Map<String, BufferedImage> images, String html) {
    static Page read(Path file) throws Exception {
      String html = Files.readString(file);
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(false);
      Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(html)));
      Map<String, BufferedImage> images = new HashMap<>();
      NodeList imgs = doc.getElementsByTagName("img");
      for (int i = 0; i < imgs.getLength(); i++) {
        Element img = (Element) imgs.item(i);
        String src = img.getAttribute("src");
        assertTrue(src.startsWith("data:image/png;base64,"), "inline PNG only: " + src.substring(0, Math.min(40, src.length())));
        BufferedImage bi = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(src.substring(22))));
        assertNotNull(bi, "image '" + img.getAttribute("alt") + "' does not decode");
        assertTrue(bi.getWidth() > 50 && bi.getHeight() > 50, img.getAttribute("alt") + " is " + bi.getWidth() + "x" + bi.getHeight());
        images.put(img.getAttribute("alt"), bi);
      }
      return new Page(doc, images, html);
    }

    Element section(String id) {
      NodeList s = doc.getElementsByTagName("section");
      for (int i = 0; i < s.getLength(); i++) {
        Element e = (Element) s.item(i);
        if (id.equals(e.getAttribute("id"))) {
          return e;
        }
      }
      return null;
    }

    List<String> sectionIds() {
      List<String> ids = new ArrayList<>();
      NodeList s = doc.getElementsByTagName("section");
      for (int i = 0; i < s.getLength(); i++) {
        ids.add(((Element) s.item(i)).getAttribute("id"));
      }
      return ids;
    }

    int images(String sectionId) {
      return section(sectionId).getElementsByTagName("img").getLength();
    }
  }

  @Test
  void fullReportHasEverySectionAndEveryImageDecodes() throws Exception {
    Path run = run("tiny-simclr", 3);
    // A metric a later monitor might log: it must get its own curve without code changes.
    try (var w = Files.newBufferedWriter(run.resolve("metrics.jsonl"), StandardOpenOption.APPEND)) {
      w.write("{\"step\":3,\"rankme\":5.5}\n{\"step\":4,\"rankme\":6.25}\n");
    }
    Path eval = Files.createDirectories(dir.resolve("eval"));
    Files.copy(RESULTS, eval.resolve("results.json"));
    Path out = Report.write(new Report.Options(run, eval, null, null, null, 60, 3));
    assertEquals(eval.resolve("report.html"), out);
    Page p = Page.read(out);
    assertEquals(Report.SECTIONS.stream().map(s -> s[0]).toList(), p.sectionIds());
    assertEquals(2, p.images("low-label"));
    assertEquals(1, p.images("roc"));
    assertEquals(1, p.images("confusion"));
    assertEquals(1, p.images("per-class"), "the reliability diagram");
    assertEquals(1, p.images("embedding-map"));
    assertEquals(1, p.images("retrieval"));
    assertEquals(0, p.images("reconstructions"), "SimCLR has no reconstructions");
    for (String curve : List.of("Training loss", "Embedding spread (collapse check)", "Learning rate", "Gradient norm",
        "rankme")) {
      assertTrue(p.images().containsKey(curve), "no curve " + curve + " in " + p.images().keySet());
    }
    String headline = p.section("headline").getTextContent();
    assertTrue(headline.contains("69.8% (68.9–70.7)"), headline); // pretrained linear probe at 10 labels, with CI
    assertTrue(headline.contains("58.1% (57.2–59.0)"), headline); // its random-init baseline beside it
    assertTrue(headline.contains("+11.7"), headline);
    assertTrue(headline.contains("With 10 labelled images per class, a linear probe on the pretrained features is right "
        + "69.8% of the time, against 58.1% from an untrained network (+11.7 points)."), headline);
    assertTrue(p.section("per-class").getTextContent().contains("Ankle boot"));
    assertFalse(p.html().contains("Not drawn"), "the test data named in results.json should have been embedded");
    // Privacy: the report names no files (paths could identify patients).
    assertFalse(p.html().contains("t10k"), "a data file name leaked into the report");
  }

  @Test
  void maeRunAloneShowsReconstructionsAndSaysWhatIsMissing() throws Exception {
    Path run = run("tiny-mae", 2);
    Path out = Report.write(new Report.Options(run, null, null, FASHION, "test", 40, 0));
    assertEquals(run.resolve("report.html"), out);
    Page p = Page.read(out);
    assertEquals(Report.SECTIONS.size(), p.sectionIds().size());
    assertEquals(1, p.images("reconstructions"));
    BufferedImage grid = p.images().get("original, masked and reconstructed test images");
    assertTrue(grid.getHeight() > 3 * 84, "three rows of thumbnails, got height " + grid.getHeight());
    assertTrue(p.section("headline").getTextContent().contains("No evaluation results"));
    assertTrue(p.section("roc").getTextContent().contains("No ROC curves"));
    assertEquals(1, p.images("embedding-map"));
  }

  @Test
  void runWithOnlyMetricsStillGivesAReport() throws Exception {
    Path run = Files.createDirectories(dir.resolve("bare"));
    Files.writeString(run.resolve("metrics.jsonl"),
        "{\"step\":1,\"loss\":2.0,\"lr\":0.1}\n{\"step\":2,\"loss\":1.5,\"lr\":0.2}\n{\"step\":3,\"lo");
    Path out = Report.write(new Report.Options(run, null, dir.resolve("r.html"), null, null, 10, 0));
    Page p = Page.read(out);
    assertEquals(Report.SECTIONS.size(), p.sectionIds().size());
    assertEquals(2, p.images("pretraining"), "loss and lr, the torn last line skipped");
    assertTrue(p.section("embedding-map").getTextContent().contains("Not drawn: no model"));
    assertTrue(p.section("pretraining").getTextContent().contains("No summary.json"));
  }

  @Test
  void evaluatesOwnSampleResultsRenderEveryEvaluationSection() throws Exception {
    Path run = Files.createDirectories(dir.resolve("bare"));
    Files.writeString(run.resolve("metrics.jsonl"), "{\"step\":1,\"loss\":2.0}\n{\"step\":2,\"loss\":1.5}\n");
    Path out = Report.write(new Report.Options(run, Path.of("testdata/eval/results-sample.json"), dir.resolve("e.html"),
        null, null, 10, 0));
    Page p = Page.read(out);
    assertEquals(Report.SECTIONS.stream().map(s -> s[0]).toList(), p.sectionIds());
    for (String id : List.of("low-label", "roc", "confusion", "per-class")) {
      assertTrue(p.images(id) >= 1, "no image in " + id);
    }
    assertTrue(p.section("headline").getTextContent().contains("54.3% (49.7–58.6)"), "the first pretrained linear cell of results-sample.json");
  }

  @Test
  void badInputsAreUserErrors() throws Exception {
    Path run = Files.createDirectories(dir.resolve("r"));
    Path eval = Files.createDirectories(dir.resolve("e"));
    UserInputException noResults = assertThrows(UserInputException.class,
        () -> Report.render(new Report.Options(run, eval, null, null, null, 10, 0)));
    assertTrue(noResults.getMessage().contains("results.json"), noResults.getMessage());
    Files.writeString(eval.resolve("results.json"), "{\"format\": \"autodidact-eval/1\", \"results\": 3");
    assertThrows(UserInputException.class, () -> Report.render(new Report.Options(run, eval, null, null, null, 10, 0)));
    Files.writeString(run.resolve("metrics.jsonl"), "nonsense\n{\"step\":1,\"loss\":1}\n");
    assertThrows(UserInputException.class, () -> RunMetrics.read(run.resolve("metrics.jsonl")));
    assertThrows(UserInputException.class,
        () -> Report.render(new Report.Options(dir.resolve("missing"), null, null, null, null, 10, 0)));
  }
}
