package dev.autodidact.cli;

import dev.autodidact.finetune.ClassifierExport;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact export-classifier}: a fine-tuned checkpoint as model.onnx + model.json. */
@Command(name = "export-classifier", mixinStandardHelpOptions = true,
    description = "Writes a fine-tuned classifier as model.onnx (eval mode, probabilities out) and model.json beside it.")
public final class ExportClassifierCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "RUN|RUN/best|CKPT_DIR",
      description = "A fine-tuning run (its newest checkpoint), its best/ folder, or one checkpoint directory.")
  Path checkpoint;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The model file, e.g. model.onnx (a directory gets model.onnx inside).")
  Path out;

  @Override
  public Integer call() throws Exception {
    Checkpoint c = CheckpointLocator.open(checkpoint);
    Path model = Files.isDirectory(out) ? out.resolve("model.onnx") : out;
    ClassifierExport.Result r = ClassifierExport.write(c, model);
    PrintWriter pw = spec.commandLine().getOut();
    pw.println("exported the classifier of " + c.dir() + " (step " + c.trainer().step() + ")");
    pw.println("  model:    " + r.model());
    pw.println("  manifest: " + r.manifestFile());
    pw.flush();
    return 0;
  }
}
