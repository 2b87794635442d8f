package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.step.Exporter;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.recipe.Recipe;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact export}: a recipe's graphs and initial state, for inspection or other runtimes. */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Writes train_step.onnx, eval.onnx, encoder.onnx, state.safetensors and manifest.json.")
public final class ExportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--recipe", required = true, description = "Recipe file, e.g. models/mae-vit-tiny-32.json.")
  Path recipe;

  @Option(names = "--batch", description = "Images per step of train_step.onnx (default: the recipe's).")
  Integer batch;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the initial weights (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--out", required = true, description = "Output directory (must not exist or be empty).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Recipe r = Recipes.load(recipe);
    int b = batch != null ? batch : r.train().batch();
    if (b < 1) {
      throw new UserInputException("--batch must be >= 1, got " + b);
    }
    Manifest m;
    try {
      m = Exporter.export(r, b, seed, out);
    } catch (FileAlreadyExistsException e) {
      throw new UserInputException(out + ": output directory exists and is not empty");
    }
    var pw = spec.commandLine().getOut();
    pw.println("exported " + r.name() + " (batch " + b + ") to " + out);
    m.files().forEach((f, sha) -> pw.println("  " + f + "  sha256:" + sha.substring(0, 16) + "…"));
    pw.flush();
    return 0;
  }
}
