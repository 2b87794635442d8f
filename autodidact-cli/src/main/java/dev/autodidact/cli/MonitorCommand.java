package dev.autodidact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.artifact.FileErrors;
import dev.autodidact.runtime.CudaSettings;
import dev.autodidact.runtime.DeviceChoice;
import dev.autodidact.train.CheckpointMonitor;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code autodidact monitor}: the pretraining quality monitor (RankMe, kNN) on saved checkpoints. */
@Command(name = "monitor", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Measures saved pretraining checkpoints with the quality monitor, so they can be ranked without labels.",
      "The numbers are the in-loop monitor's (RankMe, std, uniformity, alignment, and kNN accuracy with",
      "--monitor-data), on the same fixed, seeded sample of the training data. Prints a row per checkpoint,",
      "oldest first, and writes them as JSON."
    })
public final class MonitorCommand implements Callable<Integer> {
  /** The JSON's default name inside a run directory. */
  static final String FILE = "monitor.json";

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--run", paramLabel = "RUN",
      description = "Every checkpoint of a run (RUN/checkpoints/step-*), or of a folder of step-* directories.")
  Path run;

  @Option(names = "--checkpoint", paramLabel = "CKPT_DIR",
      description = "One checkpoint directory (manifest.json, state.safetensors, trainer.json); repeatable.")
  List<Path> checkpoints;

  @Option(names = "--data", paramLabel = "DATA",
      description = "The training data the sample is drawn from (default: the path recorded in trainer.json).")
  Path data;

  @Option(names = "--monitor-data", paramLabel = "DATA",
      description = "Labelled images (folder, CSV or IDX): adds knn_acc, the k=20 cosine kNN accuracy of a held-out fifth.")
  Path monitorData;

  @Option(names = "--monitor-samples", paramLabel = "N",
      description = "Images of the sample (default: as pretrain: 2048, at most an eighth of the recorded data size, at least 256).")
  Integer monitorSamples;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the sample (default: the run's).")
  Long seed;

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--out", paramLabel = "FILE.json",
      description = "The JSON written (default: RUN/" + FILE + " with --run; none with --checkpoint).")
  Path out;

  @Override
  public Integer call() throws Exception {
    boolean haveCkpts = checkpoints != null && !checkpoints.isEmpty();
    if ((run == null) == !haveCkpts) {
      throw new UserInputException("give either --run RUN or one or more --checkpoint CKPT_DIR");
    }
    int ortThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (ortThreads < 1) {
      throw new UserInputException("--threads must be >= 1, got " + ortThreads);
    }
    CheckpointMonitor.Options options = new CheckpointMonitor.Options(data, monitorData, monitorSamples, seed);
    List<Path> dirs = run != null ? CheckpointMonitor.ofRun(run) : CheckpointMonitor.ofCheckpoints(checkpoints);
    Path json = out != null ? out : run != null ? run.resolve(FILE) : null;
    DeviceChoice d = DeviceChoice.resolve(device, CudaSettings.defaults(0));
    d.fallbackReason().ifPresent(r -> spec.commandLine().getErr().println("note: using the CPU: " + r));
    CheckpointMonitor m = new CheckpointMonitor(options, d.device(), ortThreads);
    PrintWriter pw = spec.commandLine().getOut();
    String head = String.format(Locale.ROOT, "%8s %6s %8s %8s %11s %9s %8s %8s  %s", "step", "epoch", "rankme", "std",
        "uniformity", "alignment", "knn_acc", "seconds", "checkpoint");
    pw.println(head);
    pw.println("-".repeat(head.length()));
    pw.flush();
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Path dir : dirs) {
      CheckpointMonitor.Row r = m.measure(dir);
      pw.println(String.format(Locale.ROOT, "%8d %6d %8.3f %8.4f %11.4f %9.4f %8s %8.1f  %s", r.step(), r.epoch(),
          r.rankMe(), r.std(), r.uniformity(), r.alignment(), Double.isNaN(r.knnAcc()) ? "-" : String.format(Locale.ROOT, "%.4f", r.knnAcc()),
          r.seconds(), r.checkpoint()));
      pw.flush();
      rows.add(row(r));
      if (json != null) {
        write(json, rows); // after each checkpoint: a long run keeps what it measured if stopped
      }
    }
    if (json != null) {
      pw.println("results: " + json);
    }
    pw.flush();
    return 0;
  }

  /** A row with the keys of {@code metrics.jsonl}'s monitor lines. */
  private static Map<String, Object> row(CheckpointMonitor.Row r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("checkpoint", r.checkpoint().toString());
    m.put("step", r.step());
    m.put("epoch", r.epoch());
    m.put("rankme", finite(r.rankMe()));
    m.put("monitor_std", finite(r.std()));
    m.put("uniformity", finite(r.uniformity()));
    m.put("alignment", finite(r.alignment()));
    if (!Double.isNaN(r.knnAcc())) {
      m.put("knn_acc", r.knnAcc());
    }
    m.put("samples", r.samples());
    m.put("seed", r.seed());
    m.put("data", r.data().toString());
    m.put("monitor_seconds", r.seconds());
    return m;
  }

  private void write(Path json, List<Map<String, Object>> rows) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("format", "autodidact-monitor/1");
    if (monitorData != null) {
      doc.put("monitor_data", monitorData.toString());
    }
    doc.put("checkpoints", rows);
    try {
      AtomicFiles.write(json, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
    } catch (IOException e) {
      throw FileErrors.failed("write", json, e);
    }
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
