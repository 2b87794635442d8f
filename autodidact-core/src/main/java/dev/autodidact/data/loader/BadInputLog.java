package dev.autodidact.data.loader;

import dev.autodidact.data.DataException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Unreadable samples seen by a loader: one warning line per file (the first {@value #WARNINGS_SHOWN},
 * then one line saying the rest are only counted), a per-epoch summary, and the stop rule: more than
 * {@code maxShare} of the dataset unreadable is an error, because then the data, not a few files, is
 * wrong. Thread-safe.
 */
final class BadInputLog {
  static final int WARNINGS_SHOWN = 10;
  private static final Logger LOG = LoggerFactory.getLogger(BadInputLog.class);

  private final int datasetSize;
  private final double maxShare;
  private final ConcurrentHashMap<Integer, Skipped> bad = new ConcurrentHashMap<>();
  private final AtomicInteger warned = new AtomicInteger();

  BadInputLog(int datasetSize, double maxShare) {
    this.datasetSize = datasetSize;
    this.maxShare = maxShare;
  }

  boolean isBad(int index) {
    return bad.containsKey(index);
  }

  /**
   * Records sample {@code index} as unreadable (once).
   *
   * @throws DataException when the unreadable share is now over the limit
   */
  void record(int index, String source, String reason) {
    if (bad.putIfAbsent(index, new Skipped(source, reason)) != null) {
      return;
    }
    int n = warned.incrementAndGet();
    if (n <= WARNINGS_SHOWN) {
      LOG.warn("skipping unreadable {}: {}", source, reason);
    } else if (n == WARNINGS_SHOWN + 1) {
      LOG.warn("more unreadable files; further ones are counted and summarised at the end of the epoch");
    }
    int count = bad.size();
    if (count > maxShare * datasetSize) {
      throw new DataException(
          String.format(
              java.util.Locale.ROOT,
              "%d of %d images (%.1f%%) are unreadable, over the limit of %.0f%% (e.g. %s); run `autodidact inspect-data` for the full list",
              count, datasetSize, 100.0 * count / datasetSize, 100 * maxShare, source + ": " + reason));
    }
  }

  int count() {
    return bad.size();
  }

  /** Reasons (up to the first parenthesis) with their counts. */
  Map<String, Integer> byReason() {
    Map<String, Integer> m = new TreeMap<>();
    for (Skipped v : bad.values()) {
      // Kept apart from the source: splitting "source: reason" would cut reasons that contain ": ".
      String reason = v.reason();
      int p = reason.indexOf(" (");
      m.merge(p > 0 ? reason.substring(0, p) : reason, 1, Integer::sum);
    }
    return m;
  }

  /** Unreadable sources with their reasons ({@code source: reason}). */
  Map<Integer, String> entries() {
    Map<Integer, String> m = new java.util.HashMap<>();
    bad.forEach((i, v) -> m.put(i, v.source() + ": " + v.reason()));
    return m;
  }

  private record Skipped(String source, String reason) {}

  void summarise(int epoch) {
    if (!bad.isEmpty()) {
      LOG.warn("epoch {}: {} of {} images unreadable and skipped so far {}", epoch, bad.size(), datasetSize, byReason());
    }
  }
}
