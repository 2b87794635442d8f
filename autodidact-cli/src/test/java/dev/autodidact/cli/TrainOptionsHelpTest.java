package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.testutil.Cli;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The options pretrain and finetune share through {@link TrainLoopOptions} and {@link RuntimeOptions}. */
class TrainOptionsHelpTest {
  static final String[] SHARED = {"--epochs=N", "--max-steps=N", "--batch=B", "--lr=LR", "--seed=S", "--log-every=N",
      "--keep=K", "--no-progress", "--threads=N", "--loader-threads=N", "--device=DEV", "--cuda-memory-limit=BYTES",
      "--cudnn-search=MODE"};

  @Test
  void helpOfBothCommandsListsEverySharedOptionWithItsOwnWording() {
    String pretrain = oneLine(Cli.run("pretrain", "--help"));
    String finetune = oneLine(Cli.run("finetune", "--help"));
    for (String o : SHARED) {
      assertTrue(pretrain.contains(o), "pretrain --help lacks " + o);
      assertTrue(finetune.contains(o), "finetune --help lacks " + o);
    }
    Map<String, String> pretrainOnly = Map.of(
        "--batch=B", "Images per step (default: the recipe's train.batch).",
        "--lr=LR", "Base learning rate (optimizer.base_lr, before the batch rule).",
        "--keep=K", "Checkpoints kept (default: 3).");
    Map<String, String> finetuneOnly = Map.of(
        "--batch=B", "Images per micro-batch (default: the recipe's).",
        "--lr=LR", "Base learning rate of the head (encoder: times finetune.encoder_lr_scale).",
        "--keep=K", "Checkpoints kept besides best/ (default: 2).");
    pretrainOnly.forEach((o, text) -> assertTrue(pretrain.contains(squeeze(o + text)), "pretrain " + o + ": " + pretrain));
    finetuneOnly.forEach((o, text) -> assertTrue(finetune.contains(squeeze(o + text)), "finetune " + o + ": " + finetune));
    assertTrue(pretrain.contains(squeeze("--log-every=N Steps per metrics line (default: 10).")), pretrain);
    assertTrue(finetune.contains(squeeze("--log-every=N Steps per metrics line (default: 10).")), finetune);
  }

  @Test
  void eachCommandGetsItsOwnKeepDefault() {
    PretrainCommand p = new PretrainCommand();
    new CommandLine(p).parseArgs("--recipe", "r.json", "--data", "d", "--out", "o");
    FinetuneCommand f = new FinetuneCommand();
    new CommandLine(f).parseArgs("--init", "none", "--recipe", "r.json", "--data", "d", "--out", "o");
    assertEquals(3, p.loop.keep());
    assertEquals(2, f.loop.keep());
    assertEquals(10, p.loop.logEvery());
    assertEquals(10, f.loop.logEvery());
  }

  /** The help without white space, so picocli's line wrapping (also after a dot) does not matter. */
  private static String oneLine(Cli.Result r) {
    assertEquals(0, r.code(), r.err());
    return squeeze(r.out());
  }

  private static String squeeze(String s) {
    return s.replaceAll("\\s+", "");
  }
}
