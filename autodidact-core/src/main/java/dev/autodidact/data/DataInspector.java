package dev.autodidact.data;

import dev.autodidact.UserInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Decodes every image of a data source and tallies formats, depths, sizes, labels and failures, for a
 * data owner to check a folder before training. Each file is fully decoded (a header alone does not
 * reveal truncation), in parallel.
 */
public final class DataInspector {
  private static final Map<String, Set<String>> EXTENSIONS =
      Map.of(
          "png", Set.of("png"),
          "jpeg", Set.of("jpg", "jpeg", "jpe", "jfif"),
          "tiff", Set.of("tif", "tiff"),
          "bmp", Set.of("bmp", "dib"),
          "pnm", Set.of("pnm", "pgm", "ppm", "pbm", "pam"),
          "gif", Set.of("gif"),
          "dicom", Set.of("dcm", "dicom", "dic", "ima"));

  private final DecodeOptions decode;
  private final int threads;

  public DataInspector(DecodeOptions decode, int threads) {
    if (threads <= 0) {
      throw new UserInputException("threads must be positive, got " + threads);
    }
    this.decode = decode;
    this.threads = threads;
  }

  /**
   * Inspects {@code path} (any input {@link Datasets#open} accepts).
   *
   * @throws DataException when the path itself is unusable
   */
  public InspectionReport inspect(Path path, Split split) {
    Datasets.Kind kind = Datasets.kind(path);
    Tally t = new Tally();
    switch (kind) {
      case IDX_FOLDER:
      case IDX_FILE:
        IdxDataset idx = kind == Datasets.Kind.IDX_FOLDER
            ? IdxDataset.openFolder(path, split.idxPart(), decode)
            : IdxDataset.open(path, IdxDataset.labelsFor(path), decode);
        for (int i = 0; i < idx.size(); i++) {
          if (idx.label(i) == Dataset.NO_LABEL) {
            t.unlabelled++;
          } else {
            t.labelled++;
          }
          t.readable(new ImageInfo("idx", idx.cols(), idx.rows(), 8, 1), Optional.empty(), label(idx, i));
        }
        break;
      case FOLDER:
        ImageFolderDataset folder = ImageFolderDataset.open(path, false, decode);
        boolean labelled = true;
        for (int i = 0; i < folder.size() && labelled; i++) {
          labelled = path.relativize(folder.file(i)).getNameCount() > 1;
        }
        if (labelled) {
          t.labelled = folder.size();
        } else {
          t.unlabelled = folder.size();
        }
        decodeAll(folder, labelled ? i -> path.relativize(folder.file(i)).getName(0).toString() : i -> null, t);
        folder.problems().forEach(p -> t.unreadable.add(new InspectionReport.Problem(p.path(), p.reason())));
        t.ignored = folder.ignored();
        break;
      case CSV:
        CsvManifest manifest = CsvManifest.read(path);
        List<CsvManifest.Row> rows = manifest.rows(split);
        for (CsvManifest.Row r : manifest.rows()) {
          t.splits.merge(r.split().isEmpty() ? "(blank)" : r.split(), 1, Integer::sum);
        }
        for (CsvManifest.Row r : rows) {
          if (r.label().isEmpty()) {
            t.unlabelled++;
          } else {
            t.labelled++;
          }
        }
        List<Path> present = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (CsvManifest.Row r : rows) {
          if (java.nio.file.Files.exists(r.path())) {
            present.add(r.path());
            labels.add(r.label().isEmpty() ? null : r.label());
          } else {
            t.unreadable.add(new InspectionReport.Problem(r.path().toString(), "file not found (line " + r.line() + ")"));
          }
        }
        decodeFiles(present, i -> labels.get(i), t);
        break;
      default:
        throw new AssertionError(kind);
    }
    t.unreadable.sort(Comparator.comparing(InspectionReport.Problem::path));
    t.mismatch.sort(null);
    return new InspectionReport(
        path.toString(), kind.name().toLowerCase(Locale.ROOT).replace('_', '-'), t.readable, t.unreadable,
        t.formats, t.depths, t.channels,
        new InspectionReport.Range(t.readable == 0 ? 0 : t.minW, t.maxW),
        new InspectionReport.Range(t.readable == 0 ? 0 : t.minH, t.maxH),
        t.labels, t.ignored, t.mismatch, split.toString(), t.labelled, t.unlabelled, t.splits,
        t.dicomFiles == 0 ? null : new InspectionReport.DicomCounts(t.syntaxes, t.modalities, t.photometric, t.bitsStored, t.multiFrame),
        null);
  }

  private static String label(Dataset d, int i) {
    int y = d.label(i);
    return y == Dataset.NO_LABEL ? null : d.classes().get(y);
  }

  private void decodeAll(ImageFolderDataset folder, java.util.function.IntFunction<String> label, Tally t) {
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < folder.size(); i++) {
      files.add(folder.file(i));
    }
    decodeFiles(files, label, t);
  }

  private void decodeFiles(List<Path> files, java.util.function.IntFunction<String> label, Tally t) {
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread th = new Thread(r, "autodidact-inspect");
      th.setDaemon(true);
      return th;
    });
    try {
      ThreadLocal<ImageDecoder> decoders = ThreadLocal.withInitial(() -> new ImageDecoder(decode));
      ThreadLocal<FloatImage> images = ThreadLocal.withInitial(FloatImage::new);
      List<Future<Object>> results = new ArrayList<>();
      for (Path f : files) {
        results.add(pool.submit(() -> {
          try {
            return decoders.get().decode(f, images.get());
          } catch (BadImageException e) {
            return e;
          }
        }));
      }
      for (int i = 0; i < files.size(); i++) {
        Object r = results.get(i).get();
        if (r instanceof ImageInfo info) {
          t.readable(info, Optional.of(files.get(i)), label.apply(i));
        } else {
          BadImageException e = (BadImageException) r;
          t.unreadable.add(new InspectionReport.Problem(e.source(), e.reason()));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("inspection interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("inspection failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static final class Tally {
    int readable;
    int ignored;
    int minW = Integer.MAX_VALUE;
    int maxW;
    int minH = Integer.MAX_VALUE;
    int maxH;
    final List<InspectionReport.Problem> unreadable = new ArrayList<>();
    final List<String> mismatch = new ArrayList<>();
    final Map<String, Integer> formats = new TreeMap<>();
    final Map<String, Integer> depths = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));
    final Map<String, Integer> channels = new TreeMap<>();
    final Map<String, Integer> labels = new TreeMap<>();
    final Map<String, Integer> splits = new TreeMap<>();
    int labelled;
    int unlabelled;
    int dicomFiles;
    int multiFrame;
    final Map<String, Integer> syntaxes = new TreeMap<>();
    final Map<String, Integer> modalities = new TreeMap<>();
    final Map<String, Integer> photometric = new TreeMap<>();
    final Map<String, Integer> bitsStored = new TreeMap<>(Comparator.comparingInt(Integer::parseInt));

    void readable(ImageInfo info, Optional<Path> file, String label) {
      readable++;
      formats.merge(info.format(), 1, Integer::sum);
      depths.merge(Integer.toString(info.bitDepth()), 1, Integer::sum);
      channels.merge(Integer.toString(info.channels()), 1, Integer::sum);
      minW = Math.min(minW, info.width());
      maxW = Math.max(maxW, info.width());
      minH = Math.min(minH, info.height());
      maxH = Math.max(maxH, info.height());
      if (label != null) {
        labels.merge(label, 1, Integer::sum);
      }
      ImageInfo.Dicom d = info.dicom();
      if (d != null) {
        dicomFiles++;
        syntaxes.merge(d.transferSyntax(), 1, Integer::sum);
        modalities.merge(d.modality(), 1, Integer::sum);
        photometric.merge(d.photometric(), 1, Integer::sum);
        bitsStored.merge(Integer.toString(d.bitsStored()), 1, Integer::sum);
        multiFrame += d.frames() > 1 ? 1 : 0;
      }
      file.ifPresent(f -> {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        Set<String> expected = EXTENSIONS.get(info.format());
        if (dot >= 0 && expected != null && !expected.contains(name.substring(dot + 1))) {
          mismatch.add(f + " (" + info.format() + ")");
        }
      });
    }
  }
}
