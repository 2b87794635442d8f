package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.method.Methods;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.autodidact.bench.PretrainBench;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.CudaSettings;
import dev.autodidact.runtime.DeviceChoice;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.train.Overrides;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact bench pretrain}: loader + step throughput against the step alone, and garbage per step. */
@Command(name = "pretrain", mixinStandardHelpOptions = true,
    description = {"End-to-end pretraining throughput (data loader feeding the step) next to the step alone on the same",
        "session, in alternating rounds, and the Java heap garbage per step. An image counts once."})
public final class BenchPretrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--recipe", required = true, description = "Recipe file (SimCLR or MAE).")
  Path recipe;

  @Option(names = "--data", defaultValue = "testdata/fashion-mnist-sample", description = "Images (default: ${DEFAULT-VALUE}).")
  Path data;

  @Option(names = "--batch", description = "Images per step (default: the recipe's).")
  Integer batch;

  @Option(names = "--steps", defaultValue = "5", description = "Timed steps per round and mode (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(names = "--rounds", defaultValue = "3", description = "Alternating rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--warmup", defaultValue = "3", description = "Untimed steps first (default: ${DEFAULT-VALUE}).")
  int warmup;

  @Option(names = "--threads", description = "ORT intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--loader-threads", description = "Decode/augment threads (default: all cores).")
  Integer loaderThreads;

  @Option(names = "--device", defaultValue = "cpu", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--json", description = "Print one JSON line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Recipe r = new Overrides(null, null, batch, null, null, null, null, null).apply(Recipes.load(recipe));
    if (!Methods.of(r).selfSupervised()) {
      throw new UserInputException("bench pretrain runs self-supervised recipes (" + Methods.selfSupervisedNames() + "); "
          + r.name() + " is " + r.method());
    }
    int cores = SessionConfig.defaultThreads();
    int t = threads != null ? threads : cores;
    int lt = loaderThreads != null ? loaderThreads : cores;
    if (steps < 1 || rounds < 1 || warmup < 0 || t < 1 || lt < 1) {
      throw new UserInputException("--steps, --rounds, --threads and --loader-threads must be >= 1 and --warmup >= 0");
    }
    DeviceChoice dc = DeviceOption.choose(device, CudaSettings.defaults(0));
    PretrainBench.Result res = PretrainBench.run(r, data, warmup, steps, rounds, SessionConfig.of(dc.device(), t), lt, 0);
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).writeValueAsString(res));
    } else {
      out.printf(Locale.ROOT, "%s batch %d: loader+step %.1f images/s, step alone %.1f images/s, pipeline cost %.1f %%;"
          + " garbage per step %d B (loop thread), %d B (all threads); %d+%d threads%n", res.recipe(), res.batch(),
          res.endToEndImagesPerS(), res.stepImagesPerS(), 100 * res.pipelineOverhead(), res.loopBytesPerStep(),
          res.allThreadsBytesPerStep(), res.threads(), res.loaderThreads());
    }
    out.flush();
    return 0;
  }
}
