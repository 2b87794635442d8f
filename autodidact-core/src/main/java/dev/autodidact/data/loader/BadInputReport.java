package dev.autodidact.data.loader;

import java.util.List;
import java.util.Map;

/**
 * Unreadable samples a loader has skipped so far.
 *
 * @param count how many distinct samples
 * @param byReason counts by short reason ("empty file", "truncated or corrupt", ...)
 * @param files "source: reason" lines, sorted
 */
public record BadInputReport(int count, Map<String, Integer> byReason, List<String> files) {
  public BadInputReport {
    byReason = Map.copyOf(byReason);
    files = List.copyOf(files);
  }
}
