package dev.autodidact.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.UserInputException;
import dev.autodidact.finetune.ClassifierExport;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    Checkpoint c;
    c = CheckpointLocator.open(checkpoint);
    Path model = Files.isDirectory(out) ? out.resolve("model.onnx") : out;
    ClassifierExport.Result r;
    try {
      r = ClassifierExport.write(c, model, validationOf(c));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    PrintWriter pw = spec.commandLine().getOut();
    pw.println("exported the classifier of " + c.dir() + " (step " + c.trainer().step() + ")");
    pw.println("  model:    " + r.model());
    pw.println("  manifest: " + r.manifest());
    pw.flush();
    return 0;
  }

  /** The validation metrics logged at the checkpoint's step ({@code val_*} in RUN/metrics.jsonl). */
  static Map<String, Object> validationOf(Checkpoint c) throws IOException {
    Path metrics = c.dir().getParent().getParent().resolve("metrics.jsonl");
    Map<String, Object> r = new LinkedHashMap<>();
    if (!Files.exists(metrics)) {
      return r;
    }
    List<String> lines = Files.readAllLines(metrics);
    for (String line : lines) {
      JsonNode n;
      try {
        n = Json.compact().readTree(line);
      } catch (IOException e) {
        continue;
      }
      if (n.path("step").asLong(-1) == c.trainer().step()) {
        n.fields().forEachRemaining(e -> {
          if (e.getKey().startsWith("val_") && e.getValue().isNumber()) {
            r.put(e.getKey().substring(4), e.getValue().asDouble());
          }
        });
      }
    }
    return r;
  }
}
