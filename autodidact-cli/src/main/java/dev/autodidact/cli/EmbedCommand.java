package dev.autodidact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.Encoder;
import dev.autodidact.InferenceOptions;
import dev.autodidact.UserInputException;
import dev.autodidact.api.DatasetEmbedder;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Split;
import dev.autodidact.data.Window;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autodidact embed}: one embedding per image of a data source, with the encoder's own eval
 * preprocessing, batched through one session while worker threads decode ahead. Unreadable images are
 * listed in {@code <out>.unreadable.csv} and skipped.
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
      "Writes the embedding of every image of a data source.",
      "One row per image, with its path and label when known, as CSV, NPY or safetensors. Unreadable images are",
      "listed in OUT.unreadable.csv, not fatal."
    })
public final class EmbedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "ENCODER.onnx|RUN",
      description = "An exported encoder.onnx (with encoder.json beside it), or a run or checkpoint directory.")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR|CSV|IDX", description = "Folder of images, CSV manifest or IDX file/folder.")
  Path data;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "embeddings.csv, .npy or .safetensors.")
  Path out;

  @Option(names = "--split", paramLabel = "all|NAME[,NAME]", description = "CSV: only rows of these splits (default: all). IDX folder: train (default) or test.")
  String split;

  @Mixin ImageInputOptions image;

  @Option(names = "--batch", defaultValue = "64", paramLabel = "N", description = "Images per inference run (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--loader-threads", paramLabel = "N", description = "Decoding threads (default: all cores).")
  Integer loaderThreads;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    int cores = Runtime.getRuntime().availableProcessors();
    int ortThreads = positive(threads == null ? cores : threads, "--threads");
    int loaders = positive(loaderThreads == null ? cores : loaderThreads, "--loader-threads");
    positive(batch, "--batch");
    EmbeddingWriter.formatOf(out);
    PrintWriter pw = spec.commandLine().getOut();
    try (Encoder encoder = Encoder.load(model, new InferenceOptions(device, ortThreads))) {
      encoder.deviceFallbackReason().ifPresent(r -> spec.commandLine().getErr().println("note: using the CPU: " + r));
      // The model's recorded window unless --window replaces it (then the embeddings follow another contract).
      DecodeOptions decode = image.value().decode(encoder.preprocessing().channels(), Window.parse(encoder.preprocessing().window()));
      Dataset ds = open(decode);
      boolean labelled = !ds.classes().isEmpty() || hasLabels(ds);
      long t0 = System.nanoTime();
      Path unreadable = EmbeddingWriter.unreadableFile(out);
      StringBuilder bad = new StringBuilder("path,reason\r\n");
      DatasetEmbedder.Stats stats;
      try (EmbeddingWriter w = new EmbeddingWriter(out, encoder.dim(), labelled);
          ProgressBar bar = bar(ds.size())) {
        stats = DatasetEmbedder.run(ds, encoder.session(), batch, loaders,
            (idx, rows) -> {
              for (int i = 0; i < idx.length; i++) {
                w.add(ds.source(idx[i]), labelOf(ds, idx[i]), rows[i]);
              }
            },
            (i, e) -> bad.append(EmbeddingWriter.csvField(e.source())).append(',').append(EmbeddingWriter.csvField(e.reason())).append("\r\n"),
            done -> {
              if (bar != null) {
                bar.stepTo(done);
              }
            });
        ObjectNode md = new ObjectMapper().createObjectNode();
        md.put("model", model.toString());
        md.put("data", data.toString());
        md.put("dim", encoder.dim());
        md.put("preprocessing", encoder.preprocessing().toJsonNode().toString());
        w.finish(md);
      }
      if (stats.unreadable() > 0) {
        AtomicFiles.write(unreadable, bad.toString().getBytes(StandardCharsets.UTF_8));
      }
      double s = (System.nanoTime() - t0) / 1e9;
      pw.printf(Locale.ROOT, "%s: %d embeddings of dimension %d from %s (%.1f images/s, %s)%n", out, stats.embedded(),
          encoder.dim(), data, stats.embedded() / Math.max(s, 1e-9), encoder.device());
      if (EmbeddingWriter.formatOf(out) != EmbeddingWriter.Format.CSV) {
        pw.println("  rows:       " + EmbeddingWriter.rowsFile(out));
      }
      if (stats.unreadable() > 0) {
        pw.println("  unreadable: " + stats.unreadable() + " images, listed in " + unreadable);
      }
      pw.flush();
    }
    return 0;
  }

  private Dataset open(DecodeOptions decode) {
    Datasets.Options o = new Datasets.Options(decode, true, split == null ? Split.all() : Split.parse(split));
    if (Datasets.kind(data) == Datasets.Kind.FOLDER) {
      try {
        return Datasets.open(data, o);
      } catch (DataException e) {
        // Images directly in the folder: no class subfolders, so no labels.
        return Datasets.open(data, o.withLabels(false));
      }
    }
    return Datasets.open(data, o);
  }

  private static boolean hasLabels(Dataset ds) {
    return ds.size() > 0 && ds.label(0) != Dataset.NO_LABEL;
  }

  private static String labelOf(Dataset ds, int i) {
    int l = ds.label(i);
    if (l == Dataset.NO_LABEL) {
      return null;
    }
    return ds.classes().isEmpty() ? Integer.toString(l) : ds.classes().get(l);
  }

  private ProgressBar bar(int total) {
    if (noProgress || System.console() == null) {
      return null;
    }
    return new ProgressBarBuilder().setTaskName("embed").setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(500).startsFrom(0, Duration.ZERO).setMaxRenderedLength(100).showSpeed().build();
  }

  private static int positive(int v, String name) {
    if (v <= 0) {
      throw new UserInputException(name + " must be positive, got " + v);
    }
    return v;
  }
}
