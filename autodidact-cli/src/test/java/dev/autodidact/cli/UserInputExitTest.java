package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Values a user typed that the library checks (not the command) still exit 2 with one line naming the
 * option or field: the library throws {@code UserInputException}, not a plain IllegalArgumentException (exit 1,
 * "internal error").
 */
class UserInputExitTest {
  @TempDir Path dir;

  private static void exitsTwoSaying(Cli.Result r, String expected) {
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().startsWith("error: " + expected), r.err());
    assertEquals(1, r.err().lines().count(), r.err());
  }

  @Test
  void finetuneValEveryZero() {
    exitsTwoSaying(Cli.run("finetune", "--init", "none", "--recipe", FinetuneCommandTest.RECIPE, "--data",
        Fixtures.FASHION.toString(), "--val-every", "0", "--threads", "1", "--no-progress", "--out",
        dir.resolve("run").toString()), "--val-every must be >= 1, got 0");
  }

  @Test
  void aPeakLearningRateBelowTheRecipesMinimum() throws Exception {
    Path recipe = dir.resolve("ft.json");
    String tiny = Files.readString(Path.of(FinetuneCommandTest.RECIPE));
    assertTrue(tiny.contains("\"min_lr\": 0.0"), tiny);
    Files.writeString(recipe, tiny.replace("\"min_lr\": 0.0", "\"min_lr\": 0.001"));
    exitsTwoSaying(Cli.run("finetune", "--init", "none", "--recipe", recipe.toString(), "--data",
        Fixtures.FASHION.toString(), "--lr", "0.0001", "--max-steps", "1", "--threads", "1", "--no-progress", "--out",
        dir.resolve("run").toString()), "schedule.min_lr 0.001 is above the peak learning rate 1.0E-4");
  }

  @Test
  void predictWithNoThreads() throws Exception {
    Path run = dir.resolve("run");
    assertEquals(0, Cli.run("finetune", "--init", "none", "--recipe", FinetuneCommandTest.RECIPE, "--data",
        Fixtures.FASHION.toString(), "--max-steps", "1", "--threads", "1", "--no-progress", "--out", run.toString()).code());
    exitsTwoSaying(Cli.run("predict", "--model", run.toString(), "--data", Fixtures.FASHION.toString(), "--out",
        dir.resolve("p.csv").toString(), "--threads", "0"), "--threads must be >= 1, got 0");
  }

  @Test
  void anIdxFolderHasNoValidationSplit() {
    exitsTwoSaying(Cli.run("pretrain", "--recipe", "testdata/recipes/tiny-simclr.json", "--data",
        Fixtures.FASHION.toString(), "--split", "val", "--max-steps", "1", "--threads", "1", "--no-progress", "--out",
        dir.resolve("run").toString()), "--split val: an IDX folder has the splits train and test");
  }

  @Test
  void splitAllOnAnIdxFolderIsRefusedNotReadAsTheTrainFiles() {
    exitsTwoSaying(Cli.run("pretrain", "--recipe", "testdata/recipes/tiny-simclr.json", "--data",
        Fixtures.FASHION.toString(), "--split", "all", "--max-steps", "1", "--threads", "1", "--no-progress", "--out",
        dir.resolve("run").toString()), "--split all: an IDX folder keeps its splits apart (train, test); name one");
  }

  private Cli.Result finetune(String... extra) {
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("finetune", "--init", "none", "--recipe",
        FinetuneCommandTest.RECIPE, "--data", Fixtures.FASHION.toString(), "--max-steps", "1", "--threads", "1",
        "--no-progress", "--out", dir.resolve("ft").toString()));
    args.addAll(java.util.List.of(extra));
    return Cli.run(args.toArray(String[]::new));
  }

  @Test
  void eachFinetuneCountOptionIsNamedAlone() {
    exitsTwoSaying(finetune("--accumulate", "0"), "--accumulate must be >= 1, got 0");
    exitsTwoSaying(finetune("--patience", "-1"), "--patience must be >= 0, got -1");
    exitsTwoSaying(finetune("--labels-per-class", "-2"), "--labels-per-class must be >= 0, got -2");
  }

  @Test
  void lastNBeyondTheEncodersStagesIsRefused() {
    // tiny-classifier.json: a ResNet of 2 stages
    exitsTwoSaying(finetune("--mode", "last:99"), "--mode last:99: the encoder has 2 stages");
  }

  @Test
  void monitorSamplesZeroIsRefusedAsNegativeOnesAre() {
    exitsTwoSaying(Cli.run("pretrain", "--recipe", "testdata/recipes/tiny-simclr.json", "--data",
        Fixtures.FASHION.toString(), "--monitor-samples", "0", "--max-steps", "1", "--threads", "1", "--no-progress",
        "--out", dir.resolve("run").toString()), "--monitor-samples must be >= 2, got 0");
    exitsTwoSaying(Cli.run("monitor", "--run", dir.resolve("nothing-yet").toString(), "--monitor-samples", "0"),
        "--monitor-samples must be >= 2, got 0");
  }
}
