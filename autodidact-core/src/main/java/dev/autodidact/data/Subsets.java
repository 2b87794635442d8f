package dev.autodidact.data;

import dev.autodidact.UserInputException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Labelled subsets for the low-label experiments. */
public final class Subsets {
  private Subsets() {}

  /**
   * {@code k} samples of every class (all of a class that has fewer), chosen with {@code seed}.
   *
   * <p>Stable across runs and nested: each class's samples are ordered by a seeded shuffle that depends
   * only on (seed, class), and the first {@code k} are taken, so the 10-per-class subset is contained
   * in the 100-per-class one with the same seed, and adding samples of one class does not change the
   * choice in another. The result is sorted by base index. Unlabelled samples are never chosen.
   *
   * @throws DataException if the dataset has no labels
   */
  public static SubsetDataset perClass(Dataset base, int k, long seed) {
    if (k <= 0) {
      throw new UserInputException("labels per class must be positive, got " + k);
    }
    List<List<Integer>> byClass = new ArrayList<>();
    for (int i = 0; i < base.size(); i++) {
      int y = base.label(i);
      if (y == Dataset.NO_LABEL) {
        continue;
      }
      while (byClass.size() <= y) {
        byClass.add(new ArrayList<>());
      }
      byClass.get(y).add(i);
    }
    if (byClass.isEmpty()) {
      throw new DataException("a labelled subset needs labels, but the dataset has none");
    }
    List<Integer> chosen = new ArrayList<>();
    for (int y = 0; y < byClass.size(); y++) {
      int[] members = byClass.get(y).stream().mapToInt(Integer::intValue).toArray();
      SampleRandom.of(seed, 0x5eb5e7L, y, 0).shuffle(members);
      for (int j = 0; j < Math.min(k, members.length); j++) {
        chosen.add(members[j]);
      }
    }
    int[] idx = chosen.stream().mapToInt(Integer::intValue).toArray();
    Arrays.sort(idx);
    return new SubsetDataset(base, idx);
  }
}
