package dev.autodidact.cli;

import dev.autodidact.runtime.BigStack;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code autodidact} command line.
 *
 * <p>Exit codes follow the contract in the README: 0 success, 2 bad arguments or input, 1 failure.
 */
@Command(
    name = "autodidact",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Self-supervised pretraining of image encoders on ONNX Runtime.",
    subcommands = {
      PretrainCommand.class,
      ExportEncoderCommand.class,
      FinetuneCommand.class,
      ExportClassifierCommand.class,
      PredictCommand.class,
      DoctorCommand.class,
      ExportCommand.class,
      BenchCommand.class,
      InspectDataCommand.class,
      EmbedCommand.class,
      EvaluateCommand.class,
      ReportCommand.class,
      MonitorCommand.class,
      CommandLine.HelpCommand.class
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Exit code for bad arguments or unusable input. */
  public static final int EXIT_BAD_INPUT = 2;

  /** Exit code for a failure while running. */
  public static final int EXIT_FAILURE = 1;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Builds the command line, shared by {@link #main} and tests. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage());
          ex.getCommandLine().getErr().println("see: autodidact help " + ex.getCommandLine().getCommandName());
          return EXIT_BAD_INPUT;
        });
    cl.setExecutionExceptionHandler(new ErrorHandler());
    return cl;
  }

  /**
   * Commands run on a big-stack thread: ORT's graph passes recurse deeply on training graphs and
   * overflowed the main thread's stack (see {@link BigStack}).
   */
  public static void main(String[] args) throws Exception {
    System.exit(BigStack.call("autodidact", () -> commandLine().execute(args)));
  }
}
