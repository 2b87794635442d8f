package dev.autodidact.cli;

import dev.autodidact.UserInputException;
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

  @Option(names = "--session", paramLabel = "KEY=VALUE",
      description = "Session setting: mempattern=on|off, arena=on|off, or an ORT session config entry; repeatable.")
  java.util.Map<String, String> session = new java.util.LinkedHashMap<>();

  @Option(names = "--compare", paramLabel = "LABEL[:KEY=VALUE,...]",
      description = "Compare variants (graph build options; mempattern, arena and session.* keys are session "
          + "settings) side by side in one process, steps interleaved (repeat for "
          + "each variant; --steps is then the number of rounds). The first is the reference of the ratios.")
  java.util.List<String> compare = new java.util.ArrayList<>();

  @Option(names = "--json", description = "Print one JSON line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Recipe r = Recipes.load(recipe);
    int b = batch != null ? batch : r.train().batch();
    if (b < 1 || steps < 1 || warmup < 0 || threads < 1) {
      throw new UserInputException("--batch, --steps and --threads must be >= 1 and --warmup >= 0");
    }
    if (!compare.isEmpty()) {
      return compare(r, b);
    }
    StepBench.Result res = runOne(r, b);
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

  private StepBench.Result runOne(Recipe r, int b) throws Exception {
    try {
      StepBench.checkSessionOptions(session);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--session: " + e.getMessage());
    }
    return StepBench.run(r, b, warmup, steps, threads, DeviceOption.exact(device), profile, options, session);
  }

  private int compare(Recipe r, int b) throws Exception {
    try {
      StepBench.checkSessionOptions(session);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--session: " + e.getMessage());
    }
    java.util.List<dev.autodidact.bench.StepCompare.Variant> vs = new java.util.ArrayList<>();
    for (String c : compare) {
      try {
        var v = dev.autodidact.bench.StepCompare.Variant.parse(c);
        java.util.Map<String, String> merged = new java.util.LinkedHashMap<>(options);
        merged.putAll(session);
        merged.putAll(v.options());
        vs.add(new dev.autodidact.bench.StepCompare.Variant(v.label(), merged));
      } catch (UserInputException e) {
        throw new UserInputException("--compare: " + e.getMessage());
      }
    }
    var rows = dev.autodidact.bench.StepCompare.run(r, b, warmup, steps, threads, DeviceOption.exact(device), vs);
    var out = spec.commandLine().getOut();
    double ref = rows.get(0).stepMsMedian();
    ObjectMapper mapper = new ObjectMapper();
    for (var row : rows) {
      if (json) {
        var m = new java.util.LinkedHashMap<String, Object>();
        m.put("recipe", r.name());
        m.put("batch", b);
        m.put("variant", row.label());
        m.put("options", row.options());
        m.put("images_per_s", row.imagesPerS());
        m.put("step_ms_median", row.stepMsMedian());
        m.put("step_ms", row.stepMs());
        m.put("speedup_vs_first", ref / row.stepMsMedian());
        m.put("paired_speedup_vs_first", row.pairedSpeedup());
        m.put("loss", row.loss());
        out.println(mapper.writeValueAsString(m));
      } else {
        out.printf(Locale.ROOT, "%-14s median %.0f ms (%.1f images/s), %.3fx vs %s (paired %.3fx), steps %s%n",
            row.label(), row.stepMsMedian(), row.imagesPerS(), ref / row.stepMsMedian(), rows.get(0).label(),
            row.pairedSpeedup(),
            java.util.Arrays.toString(java.util.Arrays.stream(row.stepMs()).map(Math::round).toArray()));
      }
    }
    out.flush();
    return 0;
  }
}
