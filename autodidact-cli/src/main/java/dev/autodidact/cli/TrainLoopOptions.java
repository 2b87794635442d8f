package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.train.Overrides;
import picocli.CommandLine.Option;

/**
 * The training loop's options shared by {@code pretrain} and {@code finetune}: length ({@code --epochs},
 * {@code --max-steps}), {@code --batch}, {@code --lr}, {@code --seed}, {@code --log-every}, {@code --keep},
 * {@code --no-progress} and {@code --allow-data-change}. Add {@code @Mixin TrainLoopOptions loop;}.
 *
 * <p>The descriptions here are pretrain's. A command whose meaning differs (finetune's batch is a micro-batch, its
 * lr the head's) overrides them by key in its own resource bundle, e.g. {@code FinetuneCommand.properties}
 * ({@code batch = ...}); {@code keep.default} there sets its {@code --keep} default.
 */
public final class TrainLoopOptions {
  @Option(names = "--epochs", paramLabel = "N", descriptionKey = "epochs",
      description = "Epochs (default: the recipe's schedule.epochs).")
  Integer epochs;

  @Option(names = "--max-steps", paramLabel = "N", descriptionKey = "max-steps",
      description = "Stop after N updates (the LR schedule is fitted to the run).")
  Long maxSteps;

  @Option(names = "--batch", paramLabel = "B", descriptionKey = "batch",
      description = "Images per step (default: the recipe's train.batch).")
  Integer batch;

  @Option(names = "--lr", paramLabel = "LR", descriptionKey = "lr",
      description = "Base learning rate (optimizer.base_lr, before the batch rule).")
  Double lr;

  @Option(names = "--seed", paramLabel = "S", descriptionKey = "seed",
      description = "Seed of weights, data order, augmentation and masks (default: 0, or the checkpoint's).")
  Long seed;

  @Option(names = "--log-every", defaultValue = "10", paramLabel = "N", descriptionKey = "log-every",
      description = "Steps per metrics line (default: ${DEFAULT-VALUE}).")
  int logEvery;

  @Option(names = "--keep", defaultValue = "${bundle:keep.default:-3}", paramLabel = "K", descriptionKey = "keep",
      description = "Checkpoints kept (default: ${DEFAULT-VALUE}).")
  int keep;

  @Option(names = "--no-progress", descriptionKey = "no-progress",
      description = "No live progress bar (log a line per interval instead).")
  boolean noProgress;

  @Option(names = "--allow-data-change",
      description = "With --resume: continue on other data than the checkpoint was trained on (logged and recorded in trainer.json).")
  boolean allowDataChange;

  /** The recipe overrides of these options, with a method's own ({@code --temperature}, {@code --mask-ratio}; null: none). */
  public Overrides overrides(Double temperature, Double maskRatio, Integer threads) {
    return new Overrides(epochs, maxSteps, batch, lr, temperature, maskRatio, seed, threads);
  }

  /** {@code --max-steps}, or null. */
  public Long maxSteps() {
    return maxSteps;
  }

  /** {@code --seed}, or null (the command's default). */
  public Long seed() {
    return seed;
  }

  public int logEvery() {
    return logEvery;
  }

  public int keep() {
    return keep;
  }

  /** {@code --allow-data-change}: a resume on other data is recorded instead of refused. */
  public boolean allowDataChange() {
    return allowDataChange;
  }

  /** {@code --allow-data-change} only means something when continuing a run (exit 2 otherwise). */
  public void checkResuming(boolean resuming) {
    if (allowDataChange && !resuming) {
      throw new UserInputException("--allow-data-change continues a run: add --resume");
    }
  }

  /** A live bar: asked for (no {@code --no-progress}) and a terminal to draw it on. */
  public boolean progressBar() {
    return !noProgress && System.console() != null;
  }
}
