package dev.autodidact.autodiff;

import dev.autodidact.onnx.Graph;


/**
 * Switches between equivalent gradient formulations, read when a rule runs (graph build time). The
 * defaults are the fastest measured on ORT CPU (docs/performance.md); the alternatives stay so the block
 * benchmark ({@code dev.autodidact.bench.BlockBench}) can compare them side by side and the
 * finite-difference checks can prove each. The choice travels with the graph ({@link Graph#options()}),
 * so graphs built side by side never affect each other.
 */
public final class Formulation {
  private Formulation() {}

  /** The formulation chosen for {@code key} in {@code g}'s build options, or {@code dflt}. */
  public static String get(Graph g, String key, String dflt) {
    return g.option(key, dflt);
  }
}
