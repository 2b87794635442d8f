package dev.autodidact.cli;

import picocli.CommandLine.Command;

/** Parent of the benchmark commands; each subcommand prints JSON with {@code --json}. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Benchmarks (throughput as JSON); see tools/bench for side-by-side comparisons.",
    subcommands = {BenchAugmentCommand.class, BenchTrainStepCommand.class, BenchPretrainCommand.class, BenchEmbedCommand.class,
        BenchDecodeCommand.class})
public final class BenchCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
