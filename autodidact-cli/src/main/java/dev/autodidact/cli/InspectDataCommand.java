package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodidact.data.DataInspector;
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
      "Decodes every image of a data source and reports counts by format, bit depth, channels, size and label,",
      "and every unreadable file with its reason. Exit 0 even when some files are bad, 2 when the path is unusable."
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

  @Override
  public Integer call() throws Exception {
    ImageInput input = image.value();
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
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report));
    } else {
      printHuman(report, out);
    }
    out.flush();
    return 0;
  }

  private static void printHuman(InspectionReport r, PrintWriter out) {
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
