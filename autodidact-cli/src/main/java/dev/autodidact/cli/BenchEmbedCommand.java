package dev.autodidact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.Encoder;
import dev.autodidact.InferenceOptions;
import dev.autodidact.UserInputException;
import dev.autodidact.bench.EmbedBench;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.train.EncoderExport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autodidact bench embed}: images/s through {@code Encoder.embed} next to a raw ORT session on
 * pre-made tensors, interleaved in one process. See {@code tools/bench/embed.sh} for the PyTorch side.
 */
@Command(name = "embed", mixinStandardHelpOptions = true,
    description = "Embedding throughput: the Encoder API vs its bare ONNX Runtime session on pre-made tensors, call by call.")
public final class BenchEmbedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final class Source {
    @Option(names = "--model", paramLabel = "ENCODER.onnx|RUN", description = "An exported encoder or a run/checkpoint directory.")
    Path model;

    @Option(names = "--recipe", paramLabel = "FILE", description = "A recipe: its encoder with seeded initial weights, exported to a temporary folder.")
    Path recipe;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(names = "--batch", defaultValue = "64", description = "Images per call (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", defaultValue = "2", description = "ORT intra-op threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--rounds", defaultValue = "5", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
  int rounds;

  @Option(names = "--seconds", defaultValue = "2", description = "Seconds per side per round (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--json", description = "Print one JSON line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (batch <= 0 || threads <= 0 || rounds <= 0 || !(seconds > 0)) {
      throw new UserInputException("--batch, --threads, --rounds and --seconds must be positive");
    }
    Path tmp = null;
    Path model = source.model;
    String name;
    try {
      if (source.recipe != null) {
        Recipe r = Recipes.load(source.recipe);
        tmp = Files.createTempDirectory("autodidact-bench-embed");
        model = EncoderExport.write(EncoderExport.build(r, EncoderExport.initialState(r, 0)), tmp.resolve("encoder.onnx"),
            Map.of("source", Map.of("recipe", r.name(), "weights", "initial, seed 0"))).model();
        name = r.name();
      } else {
        name = model.toString();
      }
      try (Encoder e = Encoder.load(model, new InferenceOptions("cpu", threads))) {
        EmbedBench.Result res = EmbedBench.run(e, name, batch, threads, rounds, seconds);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
          out.println(new ObjectMapper().setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
              .writeValueAsString(res));
        } else {
          out.printf(Locale.ROOT, "%s, batch %d, %d threads: API %.1f images/s, raw session %.1f images/s, API/raw %.3f (median of %d rounds)%n",
              name, batch, threads, res.apiImagesPerS(), res.rawImagesPerS(), res.ratio(), rounds);
        }
        out.flush();
      }
    } finally {
      if (tmp != null) {
        dev.autodidact.artifact.AtomicFiles.deleteTree(tmp);
      }
    }
    return 0;
  }
}
