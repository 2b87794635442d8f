package dev.autodidact.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvalResultsTest {
  @TempDir Path dir;

  @Test
  void readsTheFormatSample() throws Exception {
    EvalResults r = EvalResults.read(Path.of("testdata/report/results.json"));
    assertEquals(List.of("10", "100", "all"), r.protocol().labelsPerClass());
    assertEquals(List.of("linear", "knn-20", "knn-200"), r.probes());
    assertEquals(List.of("10", "100", "all"), r.labelCounts());
    EvalResults.Row row = r.find("random", "linear", "100").orElseThrow();
    assertEquals(0.703, row.accuracy().mean(), 1e-9);
    assertEquals(100, row.labelsValue(999));
    assertEquals(999, r.find("random", "linear", "all").orElseThrow().labelsValue(999));
    assertEquals("T-shirt/top", r.detail().roc().get(0).name()); // "class" in the file
    assertEquals("Ankle boot", r.detail().perClass().get(9).name());
    assertEquals(10, r.detail().confusion().size());
    assertEquals("testdata/fashion-mnist-sample", EvalResults.Data.path(r.data().test()).orElseThrow());
  }

  @Test
  void missingPartsAreNullNotErrors() throws Exception {
    Path f = dir.resolve("results.json");
    Files.writeString(f, "{\"format\":\"autodidact-eval/1\",\"results\":[{\"encoder\":\"pretrained\",\"probe\":\"linear\","
        + "\"labels_per_class\":\"all\",\"accuracy\":{\"mean\":0.5},\"future_field\":1}]}");
    EvalResults r = EvalResults.read(f);
    assertNull(r.detail());
    assertTrue(r.classNames().isEmpty());
    assertNull(r.rows().get(0).auc());
    assertEquals("50.0%", EvalSections.percent(r.rows().get(0).accuracy()));
  }
}
