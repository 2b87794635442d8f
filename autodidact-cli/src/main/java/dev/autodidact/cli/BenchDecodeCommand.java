package dev.autodidact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.data.BadImageException;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.ImageInfo;
import dev.autodidact.data.ImageInput;
import dev.autodidact.data.Window;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autodidact bench decode}: decode throughput of each file in a folder, one thread, files
 * interleaved round by round so that they share the machine's state; the ratios between files are the
 * result (absolute rates move with the machine's load). Inputs: {@code tools/dicom/make_bench_data.py}.
 */
@Command(name = "decode", mixinStandardHelpOptions = true,
    description = "Decodes every file of a folder in turn (interleaved rounds, one thread) and prints images/s per file.")
public final class BenchDecodeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data", required = true, paramLabel = "DIR", description = "Folder of images (not searched recursively).")
  Path data;

  @Option(names = "--seconds", defaultValue = "10", description = "Measured time after one warm-up round (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--channels", defaultValue = "1", description = "Channels decoded to, 1 or 3 (default: ${DEFAULT-VALUE}).")
  int channels;

  @Mixin ImageInputOptions image;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (!(seconds > 0) || (channels != 1 && channels != 3)) {
      throw new UserInputException("--seconds must be positive and --channels 1 or 3");
    }
    ImageInput input = image.value();
    List<Path> files;
    try (Stream<Path> s = Files.list(data)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UserInputException("--data " + data + ": " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new UserInputException("--data " + data + ": no files");
    }
    ImageDecoder decoder = new ImageDecoder(input.decode(channels, Window.DEFAULT));
    FloatImage img = new FloatImage();
    List<ImageInfo> infos = new ArrayList<>();
    for (Path f : files) {
      try {
        infos.add(decoder.decode(f, img));
      } catch (BadImageException e) {
        throw new UserInputException(e.getMessage(), e);
      }
    }
    long[] nanos = new long[files.size()];
    int rounds = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (System.nanoTime() < end || rounds == 0) {
      for (int i = 0; i < files.size(); i++) {
        long t0 = System.nanoTime();
        decoder.decode(files.get(i), img);
        nanos[i] += System.nanoTime() - t0;
      }
      rounds++;
    }
    List<Map<String, Object>> rows = new ArrayList<>();
    double base = rounds / (nanos[0] / 1e9);
    for (int i = 0; i < files.size(); i++) {
      ImageInfo info = infos.get(i);
      double rate = rounds / (nanos[i] / 1e9);
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("file", files.get(i).getFileName().toString());
      r.put("format", info.dicom() == null ? info.format() : "dicom " + info.dicom().transferSyntax());
      r.put("width", info.width());
      r.put("height", info.height());
      r.put("bits", info.bitDepth());
      r.put("images_per_s", Math.round(rate * 100) / 100.0);
      r.put("megapixels_per_s", Math.round(rate * info.width() * info.height() / 1e6 * 10) / 10.0);
      r.put("relative_to_first", Math.round(rate / base * 1000) / 1000.0);
      rows.add(r);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> all = new LinkedHashMap<>();
      all.put("rounds", rounds);
      all.put("window", input.windowOr(Window.DEFAULT).toString());
      all.put("files", rows);
      out.println(new ObjectMapper().writeValueAsString(all));
    } else {
      out.printf(Locale.ROOT, "%d rounds, window %s, 1 thread%n", rounds, input.windowOr(Window.DEFAULT));
      for (Map<String, Object> r : rows) {
        out.printf(Locale.ROOT, "  %-28s %-36s %dx%d %2d-bit %8.2f images/s (%.3fx the first)%n", r.get("file"), r.get("format"),
            r.get("width"), r.get("height"), r.get("bits"), r.get("images_per_s"), r.get("relative_to_first"));
      }
    }
    out.flush();
    return 0;
  }
}
