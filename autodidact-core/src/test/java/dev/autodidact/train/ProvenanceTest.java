package dev.autodidact.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Fixtures;
import dev.autodidact.recipe.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs record what data they were trained on; a resume on other data is refused naming both, unless
 * allowed (then recorded); unreadable data is reported, counted right, before the graph is built.
 */
class ProvenanceTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private Checkpoint newest(Path run, Overrides o) throws Exception {
    return new CheckpointStore(run).newest(Trainer.recipeJson(o.apply(Recipe.load(TinyRuns.SIMCLR))), false);
  }

  @Test
  void resumeOnOtherDataIsRefusedUnlessAllowedAndThenRecorded() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("data"), 2, 12, 8); // 24 images, batch 8: 3 steps per epoch
    Path fewer = Fixtures.classFolder(dir.resolve("fewer"), 2, 8, 8); // 16 images: 2 steps per epoch
    Overrides o = TinyRuns.steps(6, 8);
    Path run = dir.resolve("run");
    RunSummary first = new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, data, run, o, 1, 0)).run(null, StopSignal.atStep(2));
    assertEquals(24, first.data().items());
    JsonNode summary = JSON.readTree(run.resolve(RunSummary.FILE).toFile());
    assertEquals(24, summary.get("data").get("items").asInt());
    assertEquals(first.data().sha256(), summary.get("data").get("sha256").asText());
    Checkpoint c = newest(run, o);
    assertEquals(first.data(), c.trainer().data());
    JsonNode trainer = JSON.readTree(c.dir().resolve(CheckpointStore.TRAINER).toFile());
    assertEquals(data.toString(), trainer.get("data").get("path").asText());

    Trainer onFewer = new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, fewer, run, o, 1, 0));
    UserInputException e = assertThrows(UserInputException.class, () -> onFewer.run(c, StopSignal.manual()));
    assertTrue(e.getMessage().contains(first.data().describe()) && e.getMessage().contains("16 items"), e.getMessage());
    assertTrue(e.getMessage().contains("--allow-data-change"), e.getMessage());

    RunSummary s = onFewer.run(c, new ResumePolicy(true, false), StopSignal.manual());
    assertEquals("completed", s.status());
    assertEquals(6, s.step());
    Checkpoint last = newest(run, o);
    assertEquals(16, last.trainer().data().items());
    assertEquals(1, last.trainer().changes().size());
    RunChange change = last.trainer().changes().get(0);
    assertEquals("data", change.kind());
    assertEquals(2, change.step());
    assertTrue(change.from().contains("24 items") && change.to().contains("16 items"), change.toString());
  }

  @Test
  void aFolderOfNonImagesIsReportedWhole() throws Exception {
    Path data = Files.createDirectories(dir.resolve("junk"));
    for (int i = 0; i < 20; i++) {
      Files.writeString(data.resolve("file" + i + ".png"), "not an image " + i);
    }
    Path run = dir.resolve("run");
    Trainer t = new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, data, run, TinyRuns.steps(2, 8), 1, 0));
    DataException e = assertThrows(DataException.class, () -> t.run(null, StopSignal.manual()));
    assertTrue(e.getMessage().startsWith("no readable images: all 20 files are unreadable"), e.getMessage());
    assertFalse(Files.exists(run.resolve(MetricsLog.FILE)));
  }

  @Test
  void moreThanATenthUnreadableIsCountedWhole() throws Exception {
    Path data = Fixtures.classFolder(dir.resolve("data"), 1, 16, 8);
    for (int i = 0; i < 3; i++) {
      Files.writeString(data.resolve("class0/broken" + i + ".png"), "x");
    }
    Trainer t = new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, data, dir.resolve("run"), TinyRuns.steps(2, 8), 1, 0));
    DataException e = assertThrows(DataException.class, () -> t.run(null, StopSignal.manual()));
    assertTrue(e.getMessage().startsWith("3 of 19 images (15.8%) are unreadable"), e.getMessage());
  }

  @Test
  void simclrNeedsABatchOfTwo() {
    UserInputException e = assertThrows(UserInputException.class,
        () -> new Trainer(TinyRuns.spec(TinyRuns.SIMCLR, TinyRuns.FASHION, dir.resolve("r"), TinyRuns.steps(2, 1), 1, 0)));
    assertTrue(e.getMessage().startsWith("--batch (train.batch) must be >= 2 for SimCLR"), e.getMessage());
  }
}
