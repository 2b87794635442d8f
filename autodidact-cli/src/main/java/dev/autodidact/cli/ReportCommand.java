package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.report.Report;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact report}: one self-contained HTML page about a pretraining run and its evaluation. */
@Command(name = "report", mixinStandardHelpOptions = true,
    description = {
      "Writes one self-contained HTML report of a run and its evaluations.",
      "Plots inline, no network: headline probe/kNN table, low-label curve, ROC, confusion matrix, per-class table,",
      "training curves, embedding map, retrieval examples and, for MAE, reconstructions. Sections without inputs",
      "say so instead of failing."
    })
public final class ReportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--run", paramLabel = "RUN",
      description = "The pretraining run directory (default: the run named in EVAL/results.json, if it exists).")
  Path run;

  @Option(names = "--eval", paramLabel = "EVAL", description = "The evaluation directory (results.json) of autodidact evaluate.")
  Path eval;

  @Option(names = "--out", paramLabel = "FILE", description = "The HTML file (default: EVAL/report.html, or RUN/report.html without --eval).")
  Path out;

  @Option(names = "--data", paramLabel = "DATA",
      description = "Test images for the embedding map and retrieval (default: the evaluation's test data).")
  Path data;

  @Option(names = "--split", paramLabel = "SPLIT", description = "Split of --data: a CSV split value, or test for an IDX folder.")
  String split;

  @Option(names = "--sample", paramLabel = "N", defaultValue = "1000",
      description = "At most N test images are embedded for the map and retrieval (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Fixes the sample, queries and MAE masks (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    if (run == null && eval == null) {
      throw new UserInputException("give --run RUN, --eval EVAL, or both");
    }
    Path written = Report.write(new Report.Options(run, eval, out, data, split, sample, seed));
    PrintWriter pw = spec.commandLine().getOut();
    pw.println("report: " + written);
    pw.flush();
    return 0;
  }
}
