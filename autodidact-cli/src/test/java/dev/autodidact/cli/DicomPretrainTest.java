package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.dicom.FakeIdentifiers;
import dev.autodidact.testutil.Cli;
import dev.autodidact.testutil.Logs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pretraining on a folder of DICOM files end to end (with two unusable files skipped), and no patient
 * identifier of the fixtures in anything the run writes or prints.
 */
class DicomPretrainTest {
  private static final Path FIXTURES = Path.of("testdata/dicom");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  @Test
  void pretrainOnDicomRunsAndNothingItWritesOrSaysCarriesAnIdentifier() throws Exception {
    JsonNode fx = JSON.readTree(Path.of("testdata/dicom-reference/fixtures.json").toFile());
    Set<String> good = new LinkedHashSet<>();
    fx.get("decode").forEach(f -> good.add(f.get("file").asText()));
    Path data = Files.createDirectories(dir.resolve("data"));
    for (int copy = 0; copy < 2; copy++) {
      for (String f : good) {
        Files.copy(FIXTURES.resolve(f), data.resolve(copy + "-" + f));
      }
    }
    Files.copy(FIXTURES.resolve("DICOMDIR"), data.resolve("DICOMDIR"));
    Files.copy(FIXTURES.resolve("bad-no-pixel-data.dcm"), data.resolve("bad-no-pixel-data.dcm"));
    Path run = dir.resolve("run");

    Logs.Captured<List<Cli.Result>> all = Logs.during(() -> List.of(
        Cli.run("pretrain", "--recipe", "testdata/recipes/tiny-simclr.json", "--data", data.toString(), "--out",
            run.toString(), "--max-steps", "3", "--batch", "8", "--threads", "1", "--loader-threads", "2", "--device", "cpu",
            "--log-every", "1", "--window", "percentile:1,99", "--normalize", "auto"),
        Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", run.resolve("encoder.onnx").toString()),
        Cli.run("inspect-data", "--data", data.toString(), "--stats", "--threads", "2")));
    Cli.Result train = all.value().get(0);
    Cli.Result export = all.value().get(1);
    Cli.Result inspect = all.value().get(2);
    assertEquals(0, train.code(), train.err());
    assertEquals(0, export.code(), export.err());
    assertEquals(0, inspect.code(), inspect.err());
    String log = all.log();
    assertTrue(log.contains("DICOMDIR"), "the skipped DICOMDIR is reported: " + log);
    assertTrue(inspect.out().contains("DICOM transfer syntax:"), inspect.out());

    JsonNode enc = JSON.readTree(run.resolve("encoder.json").toFile());
    // The window given to pretrain is the model's eval contract: encoder.json and the API decode with it.
    assertEquals("percentile:1,99", enc.get("input").get("window").asText());
    assertEquals("percentile:1,99", enc.at("/preprocessing/decode/window").asText(), enc.toString());
    try (dev.autodidact.Encoder e = dev.autodidact.Encoder.load(run.resolve("encoder.onnx"))) {
      assertEquals("percentile:1,99", e.preprocessing().window());
    }
    double mean = enc.get("input").get("mean").get(0).asDouble();
    assertTrue(mean > 0.05 && mean < 0.95 && Math.abs(mean - 0.286) > 1e-3, "measured, not the recipe's: " + mean);

    List<String> parts = FakeIdentifiers.all();
    List<String> said = List.of(train.out(), train.err(), export.out(), export.err(), inspect.out(), inspect.err(), log);
    for (String text : said) {
      for (String id : parts) {
        assertFalse(text.contains(id), "output leaked " + id);
      }
    }
    try (Stream<Path> files = Files.walk(run)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String bytes = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
        for (String id : parts) {
          assertFalse(bytes.contains(id), f + " leaked " + id);
        }
      }
    }
  }
}
