package dev.autodidact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.autodidact.bench.StepBench;
import dev.autodidact.recipe.Recipe;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact bench train-step}: the training step alone, images per second. */
@Command(name = "train-step", mixinStandardHelpOptions = true,
    description = "Training-step throughput on random inputs (an image counts once; SimCLR's two views included).")
public final class BenchTrainStepCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--recipe", required = true, description = "Recipe file.")
  Path recipe;

  @Option(names = "--batch", description = "Images per step (default: the recipe's).")
  Integer batch;

  @Option(names = "--steps", defaultValue = "5", description = "Timed steps (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", defaultValue = "2", description = "ORT intra-op threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--profile", description = "Write ORT's per-node profile (JSON) with this path prefix.")
  Path profile;

  @Option(names = "--option", paramLabel = "KEY=VALUE",
      description = "Graph build option (formulation switch, e.g. conv.forward=conv); repeatable.")
  java.util.Map<String, String> options = new java.util.LinkedHashMap<>();

  @Option(names = "--json", description = "Print one JSON line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Recipe r = Recipes.load(recipe);
    int b = batch != null ? batch : r.train().batch();
    if (b < 1 || steps < 1 || warmup < 0 || threads < 1) {
      throw new UserInputException("--batch, --steps and --threads must be >= 1 and --warmup >= 0");
    }
    StepBench.Result res = StepBench.run(r, b, warmup, steps, threads, DeviceOption.exact(device), profile, options);
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).writeValueAsString(res));
    } else {
      out.printf(Locale.ROOT, "%s batch %d: %.1f images/s (median step %.0f ms over %d steps, %d threads, %s), peak RSS %.0f MB%n",
          res.recipe(), res.batch(), res.imagesPerS(), res.stepMsMedian(), steps, threads, res.device(), res.peakRssMb());
    }
    out.flush();
    return 0;
  }
}
