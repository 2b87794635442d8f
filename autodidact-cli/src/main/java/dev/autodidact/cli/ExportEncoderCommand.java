package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.EncoderExport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact export-encoder}: a pretrained checkpoint's encoder as a standalone {@code encoder.onnx}. */
@Command(name = "export-encoder", mixinStandardHelpOptions = true,
    description = {
      "Writes the encoder of a checkpoint as an inference model.",
      "The model is in eval mode with the weights inside and a dynamic batch; a JSON manifest beside it gives the",
      "input size, channels, normalization, output, SHA-256 and the data it was trained on. Existing files are",
      "never replaced without --force."
    })
public final class ExportEncoderCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "RUN|CKPT_DIR",
      description = "A run directory (its newest checkpoint, which must be valid) or one checkpoint directory.")
  Path checkpoint;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file, e.g. encoder.onnx (a directory gets encoder.onnx inside).")
  Path out;

  @Option(names = "--force", description = "Replace an existing model file and its .json manifest.")
  boolean force;

  @Override
  public Integer call() throws Exception {
    Checkpoint c = CheckpointLocator.open(checkpoint);
    Path model = Files.isDirectory(out) ? out.resolve("encoder.onnx") : out;
    for (Path p : new Path[] {model, EncoderExport.manifestFor(model)}) {
      if (Files.exists(p) && !force) {
        throw new UserInputException("cannot export to " + model + ": " + p + " exists; add --force to replace it, or"
            + " choose another --out");
      }
    }
    EncoderExport.Result r;
    try {
      r = EncoderExport.write(c, model);
    } catch (java.io.IOException e) {
      throw dev.autodidact.artifact.FileErrors.failed("write the encoder to", model, e);
    }
    PrintWriter pw = spec.commandLine().getOut();
    pw.println("exported the encoder of " + c.dir() + " (step " + c.trainer().step() + ")");
    pw.println("  model:    " + r.model());
    pw.println("  manifest: " + r.manifest());
    pw.flush();
    return 0;
  }
}
