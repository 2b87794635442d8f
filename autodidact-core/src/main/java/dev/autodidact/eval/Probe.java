package dev.autodidact.eval;

import dev.autodidact.UserInputException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The probes {@code evaluate} can fit on frozen features. */
public enum Probe {
  /** Multinomial logistic regression ({@link LinearProbe}). */
  LINEAR,
  /** Weighted cosine kNN ({@link Knn}), once per k. */
  KNN;

  /** Parses {@code linear,knn}. */
  public static Set<Probe> parseList(String s) {
    Set<Probe> out = EnumSet.noneOf(Probe.class);
    for (String part : s.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      switch (p) {
        case "linear" -> out.add(LINEAR);
        case "knn" -> out.add(KNN);
        default -> throw new UserInputException("--probe: '" + part + "' is not a probe (linear, knn)");
      }
    }
    return out;
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
