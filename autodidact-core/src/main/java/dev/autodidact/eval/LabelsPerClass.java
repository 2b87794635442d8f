package dev.autodidact.eval;

import dev.autodidact.UserInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How many labelled training samples per class a probe sees: a number, or {@link #ALL} (every
 * labelled training sample). Ordered: numbers ascending, then {@code all}.
 *
 * @param count samples per class, or 0 for all
 */
public record LabelsPerClass(int count) implements Comparable<LabelsPerClass> {
  /** The whole labelled training set. */
  public static final LabelsPerClass ALL = new LabelsPerClass(0);

  public LabelsPerClass {
    if (count < 0) {
      throw new UserInputException("labels per class must be positive or all, got " + count);
    }
  }

  public boolean isAll() {
    return count == 0;
  }

  /** Parses {@code 10,100,all} (sorted, duplicates dropped). */
  public static List<LabelsPerClass> parseList(String s) {
    List<LabelsPerClass> out = new ArrayList<>();
    for (String part : s.split(",")) {
      String p = part.trim().toLowerCase(Locale.ROOT);
      LabelsPerClass k;
      if (p.equals("all")) {
        k = ALL;
      } else {
        int n;
        try {
          n = Integer.parseInt(p);
        } catch (NumberFormatException e) {
          throw new UserInputException("--labels-per-class: '" + part + "' is neither a positive number nor 'all'");
        }
        if (n <= 0) {
          throw new UserInputException("--labels-per-class: " + n + " must be positive");
        }
        k = new LabelsPerClass(n);
      }
      if (!out.contains(k)) {
        out.add(k);
      }
    }
    out.sort(null);
    return List.copyOf(out);
  }

  /** The JSON value: the number, or the string {@code "all"}. */
  public Object json() {
    return isAll() ? "all" : (Object) count;
  }

  @Override
  public String toString() {
    return isAll() ? "all" : Integer.toString(count);
  }

  @Override
  public int compareTo(LabelsPerClass o) {
    return Integer.compare(isAll() ? Integer.MAX_VALUE : count, o.isAll() ? Integer.MAX_VALUE : o.count);
  }
}
