package dev.autodidact.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the header of every file of a dataset, in parallel, before anything expensive is built: a folder
 * of non-images or of mostly broken files is reported at once, with every file counted, instead of after
 * minutes of graph building and at the first batch that happens to cross the limit.
 *
 * <pre>{@code
 * HeaderScan.Result r = HeaderScan.check(dataset, LoaderOptions.DEFAULT_MAX_BAD_SHARE, threads); // throws DataException
 * }</pre>
 *
 * <p>Headers only (format, size, the pixel limit); a file whose pixels are corrupt is still caught by
 * the loader while training. In-memory datasets (IDX) have nothing to scan.
 */
public final class HeaderScan {
  private static final Logger LOG = LoggerFactory.getLogger(HeaderScan.class);

  private HeaderScan() {}

  /**
   * What the scan found.
   *
   * @param files files scanned
   * @param unreadable files whose header could not be read
   * @param byReason unreadable files by reason (up to its first parenthesis)
   * @param example one unreadable file with its reason, or null
   */
  public record Result(int files, int unreadable, Map<String, Integer> byReason, String example) {}

  /**
   * Scans {@code dataset}'s files with {@code threads} threads.
   *
   * @throws DataException when no file is readable, or more than {@code maxBadShare} of them are not
   */
  public static Result check(Dataset dataset, double maxBadShare, int threads) {
    Result r = scan(dataset, threads);
    if (r.files() == 0) {
      return r;
    }
    if (r.unreadable() == r.files()) {
      throw new DataException("no readable images: all " + r.files() + " files are unreadable " + r.byReason()
          + " (e.g. " + r.example() + "); run `autodidact inspect-data` for the full list");
    }
    if (r.unreadable() > maxBadShare * r.files()) {
      throw new DataException(String.format(Locale.ROOT,
          "%d of %d images (%.1f%%) are unreadable, over the limit of %.0f%% %s (e.g. %s); run `autodidact inspect-data`"
              + " for the full list", r.unreadable(), r.files(), 100.0 * r.unreadable() / r.files(), 100 * maxBadShare,
          r.byReason(), r.example()));
    }
    if (r.unreadable() > 0) {
      LOG.warn("{} of {} images are unreadable and will be skipped {}", r.unreadable(), r.files(), r.byReason());
    }
    return r;
  }

  /** Scans without judging. */
  public static Result scan(Dataset dataset, int threads) {
    FileListDataset files = fileList(dataset);
    if (files == null) {
      return new Result(0, 0, Map.of(), null);
    }
    int n = dataset.size();
    int parts = Math.max(1, Math.min(threads, n));
    ExecutorService pool = Executors.newFixedThreadPool(parts, r -> {
      Thread t = new Thread(r, "autodidact-header-scan");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<BadImageException>>> futures = new ArrayList<>();
      for (int p = 0; p < parts; p++) {
        int from = (int) ((long) n * p / parts);
        int to = (int) ((long) n * (p + 1) / parts);
        futures.add(pool.submit(() -> {
          ImageDecoder decoder = new ImageDecoder(dataset.decodeOptions());
          List<BadImageException> bad = new ArrayList<>();
          for (int i = from; i < to; i++) {
            try {
              decoder.probe(files.file(index(dataset, i)));
            } catch (BadImageException e) {
              bad.add(e);
            }
          }
          return bad;
        }));
      }
      Map<String, Integer> byReason = new TreeMap<>();
      int count = 0;
      String example = null;
      for (Future<List<BadImageException>> f : futures) {
        for (BadImageException e : f.get()) {
          count++;
          int paren = e.reason().indexOf(" (");
          byReason.merge(paren > 0 ? e.reason().substring(0, paren) : e.reason(), 1, Integer::sum);
          example = example == null ? e.source() + ": " + e.reason() : example;
        }
      }
      return new Result(n, count, byReason, example);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while scanning the data", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("scanning the data failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static FileListDataset fileList(Dataset d) {
    Dataset base = d instanceof SubsetDataset s ? s.base() : d;
    return base instanceof FileListDataset f ? f : null;
  }

  private static int index(Dataset d, int i) {
    return d instanceof SubsetDataset s ? s.baseIndex(i) : i;
  }
}
