package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodidact.data.DataInspector;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.DatasetStats;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.ImageInput;
import dev.autodidact.data.Split;
import dev.autodidact.data.Window;
import dev.autodidact.data.InspectionReport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autodidact inspect-data}: a report on a data source for the person who owns it, before any
 * training. Exit 0 even when files are bad (it is a report), 2 when the path itself is unusable.
 */
@Command(
    name = "inspect-data",
    mixinStandardHelpOptions = true,
    description = {
      "Decodes every image of a data source and reports what it found.",
      "Counts by format, bit depth, channels, size and label, and every unreadable file with its reason. Exit 0",
      "even when some files are bad, 2 when the path is unusable."
    })
public final class InspectDataCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR|CSV|IDX", description = "Folder of images, CSV manifest (path,label[,split]) or IDX file/folder.")
  Path data;

  @Option(names = "--split", paramLabel = "all|NAME[,NAME]", description = "CSV: only rows of these splits (default: all). IDX folder: train (default) or test.")
  String split;

  @Mixin ImageInputOptions image;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Option(names = "--threads", paramLabel = "N", description = "Decoding threads (default: all cores).")
  Integer threads;

  @Option(names = "--stats", description = "Also compute per-channel mean/std after decoding and windowing, and print the recipe snippet.")
  boolean stats;

  @Option(names = "--sample", paramLabel = "N", defaultValue = "" + DatasetStats.DEFAULT_SAMPLE,
      description = "--stats: decode at most N images, a seeded random sample on larger sets (default: ${DEFAULT-VALUE}).")
  int sample;

  @Option(names = "--channels", paramLabel = "1|3", defaultValue = "1",
      description = "--stats: channels to compute them for, as the recipe's input.channels (default: ${DEFAULT-VALUE}).")
  int channels;

  @Override
  public Integer call() throws Exception {
    ImageInput input = image.value();
    windowName = input.windowOr(Window.DEFAULT).toString();
    Split rows;
    try {
      rows = split == null ? Split.all() : Split.parse(split);
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
    if (n <= 0) {
      throw new UserInputException("--threads must be positive, got " + n);
    }
    // A DataException (unusable path) reaches ErrorHandler: one "error:" line, exit 2.
    InspectionReport report =
        new DataInspector(input.decode(3, Window.DEFAULT), n).inspect(data, rows);
    if (stats) {
      if (sample <= 0 || (channels != 1 && channels != 3)) {
        throw new UserInputException("--sample must be positive and --channels 1 or 3");
      }
      Dataset ds = Datasets.open(data, rows, input.decode(channels, Window.DEFAULT));
      report = report.withStats(DatasetStats.compute(ds, sample, 0, n));
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      printHuman(report, out);
    }
    out.flush();
    return 0;
  }

  private String windowName;

  private void printHuman(InspectionReport r, PrintWriter out) {
    out.printf("%s (%s)%n", r.path(), r.kind());
    out.printf("  readable:   %d%n", r.readable());
    out.printf("  unreadable: %d%n", r.unreadable().size());
    if (r.readable() > 0) {
      out.printf("  formats:    %s%n", inline(r.formats()));
      out.printf("  bit depth:  %s%n", inline(r.bitDepths()));
      out.printf("  channels:   %s%n", inline(r.channels()));
      out.printf("  size:       %d-%d x %d-%d pixels (width x height)%n", r.width().min(), r.width().max(), r.height().min(), r.height().max());
    }
    if (!r.labels().isEmpty()) {
      out.printf("  labels:     %s%n", inline(r.labels()));
    }
    out.printf("  labelled:   %d, unlabelled: %d (rows of split %s)%n", r.labelled(), r.unlabelled(), r.split());
    if (!r.splits().isEmpty()) {
      out.printf("  splits:     %s%n", inline(r.splits()));
    }
    InspectionReport.DicomCounts d = r.dicom();
    if (d != null) {
      out.printf("  DICOM transfer syntax: %s%n", inline(d.transferSyntaxes()));
      out.printf("  DICOM modality:        %s%n", inline(d.modalities()));
      out.printf("  DICOM photometric:     %s%n", inline(d.photometric()));
      out.printf("  DICOM bits stored:     %s%n", inline(d.bitsStored()));
      if (d.multiFrame() > 0) {
        out.printf("  DICOM multi-frame:     %d (the first frame is used)%n", d.multiFrame());
      }
    }
    DatasetStats st = r.stats();
    if (st != null) {
      out.printf(java.util.Locale.ROOT, "  stats:      %s over %d of %d images%s%s%n", st.recipeSnippet(), st.sampled(), st.images(),
          st.sampled() < st.images() ? " (random sample, seed 0)" : "", st.unreadable() > 0 ? ", " + st.unreadable() + " unreadable left out" : "");
      out.printf("  recipe:     \"input\": {..., %s, \"window\": \"%s\"}%n", st.recipeSnippet(), windowName);
    }
    if (r.ignored() > 0) {
      out.printf("  ignored:    %d hidden or side files%n", r.ignored());
    }
    for (String m : r.extensionMismatch()) {
      out.printf("  note: extension does not match content: %s%n", m);
    }
    for (InspectionReport.Problem p : r.unreadable()) {
      out.printf("  unreadable: %s: %s%n", p.path(), p.reason());
    }
  }

  private static String inline(Map<String, Integer> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
    return sb.toString();
  }
}
