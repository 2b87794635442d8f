package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.RunSummary;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A finetune run records the data it trained on; resuming on other data needs --allow-data-change, as pretrain. */
class FinetuneProvenanceTest {
  static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String[] finetune(Path data, Path run, String... more) {
    List<String> a = new ArrayList<>(List.of("finetune", "--init", "none", "--recipe", FinetuneCommandTest.RECIPE,
        "--data", data.toString(), "--val-fraction", "0.25", "--batch", "4", "--max-steps", "4", "--threads", "1",
        "--loader-threads", "1", "--no-progress", "--out", run.toString()));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void finetuneRecordsItsTrainingDataAndRefusesOtherDataOnResumeUnlessAllowed() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("data"), 2, 8, 8); // 16 images: 12 train, 4 validation
    Path run = dir.resolve("run");
    Cli.Result first = Cli.run(finetune(data, run));
    assertEquals(0, first.code(), first.err());
    Checkpoint c = new CheckpointStore(run).newest(null, false);
    assertEquals(12, c.trainer().data().items(), "the training rows, validation held out");
    assertEquals(data.toString(), c.trainer().data().path());
    JsonNode summary = JSON.readTree(run.resolve(RunSummary.FILE).toFile());
    assertEquals(c.trainer().data().sha256(), summary.get("data").get("sha256").asText());

    Cli.Result noResume = Cli.run(finetune(data, dir.resolve("other"), "--allow-data-change"));
    assertEquals(2, noResume.code(), noResume.err());
    assertTrue(noResume.err().contains("--allow-data-change continues a run: add --resume"), noResume.err());

    // as if stopped after the first epoch: continue from step 3
    Path newest = new CheckpointStore(run).list().get(0);
    assertEquals("step-000004", newest.getFileName().toString());
    try (Stream<Path> files = Files.walk(newest)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
    Path more = Fixtures.classFolder(dir.resolve("more"), 2, 12, 8); // 24 images: 18 train
    Cli.Result refused = Cli.run(finetune(more, run, "--resume"));
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains("12 items") && refused.err().contains("18 items")
        && refused.err().contains("--allow-data-change"), refused.err());

    Cli.Result allowed = Cli.run(finetune(more, run, "--resume", "--allow-data-change"));
    assertEquals(0, allowed.code(), allowed.err());
    Checkpoint last = new CheckpointStore(run).newest(null, false);
    assertEquals(4, last.trainer().step());
    assertEquals(18, last.trainer().data().items());
    assertEquals(1, last.trainer().changes().size());
    assertEquals("data", last.trainer().changes().get(0).kind());
    assertEquals(3, last.trainer().changes().get(0).step());
  }
}
