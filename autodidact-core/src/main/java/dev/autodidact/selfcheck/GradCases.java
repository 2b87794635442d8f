package dev.autodidact.selfcheck;

import java.util.ArrayList;
import java.util.List;

/** Every gradient check: per-op cases, then whole networks. Shared by {@code doctor} and the tests. */
public final class GradCases {
  private GradCases() {}

  /** All cases in a stable order. */
  public static List<GradCase> all() {
    List<GradCase> l = new ArrayList<>(OpCases.all());
    l.addAll(NetworkCases.all());
    return List.copyOf(l);
  }
}
