package dev.autodidact.autodiff;

import java.util.Map;
import java.util.TreeMap;

/**
 * Switches between equivalent gradient formulations, read when a rule runs (graph build time). The
 * defaults are the fastest measured on ORT CPU (docs/performance.md); the alternatives stay so the block
 * benchmark ({@code dev.autodidact.bench.BlockBench}) can compare them side by side and the
 * finite-difference checks can prove each. Not thread-safe: set before building a graph.
 */
public final class Formulation {
  private static final Map<String, String> DEFAULTS = Map.of();
  private static final Map<String, String> current = new TreeMap<>(DEFAULTS);

  private Formulation() {}

  /** The value of {@code key}, or {@code dflt} when unset. */
  public static synchronized String get(String key, String dflt) {
    return current.getOrDefault(key, dflt);
  }

  /** Sets {@code key}; returns the previous value (null if unset). */
  public static synchronized String set(String key, String value) {
    return value == null ? current.remove(key) : current.put(key, value);
  }

  /** Back to the defaults. */
  public static synchronized void reset() {
    current.clear();
    current.putAll(DEFAULTS);
  }

  /** A copy of the current settings. */
  public static synchronized Map<String, String> snapshot() {
    return new TreeMap<>(current);
  }
}
