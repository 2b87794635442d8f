package dev.autodidact.data;

import dev.autodidact.UserInputException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which rows of a CSV manifest's {@code split} column to use (IDX folders: which file pair).
 *
 * <p>Pretraining uses {@link #pretraining()} by default: {@code train}, {@code unlabelled} /
 * {@code unlabeled} and rows with a blank split; never {@code test} or {@code val}, so a held-out set
 * stays held out. Evaluation and fine-tuning name their part: {@code Split.of("test")}. Sources without
 * a split column (folders) ignore it.
 *
 * <p>Usage: {@code Datasets.open(Path.of("data.csv"), Split.of("val"), DecodeOptions.of(1))}.
 *
 * @param everything every row, whatever its split
 * @param names accepted split names, lower case
 * @param blank rows with an empty split are accepted
 * @param named the user wrote {@code all} ({@link #parse}), as opposed to the default of a command that reads every
 *     row: an IDX folder refuses the first (its train and t10k files are separate sets) and reads its train files
 *     for the second
 */
public record Split(boolean everything, Set<String> names, boolean blank, boolean named) {
  /** A split that was not named {@code all} by the user. */
  public Split(boolean everything, Set<String> names, boolean blank) {
    this(everything, names, blank, false);
  }

  public Split {
    names = Set.copyOf(names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toSet()));
    if (!everything && names.isEmpty() && !blank) {
      throw new UserInputException("a split must accept something");
    }
  }

  /** Every row. */
  public static Split all() {
    return new Split(true, Set.of(), true);
  }

  /** Rows whose split is one of {@code names} (case-insensitive). */
  public static Split of(String... names) {
    return new Split(false, Set.of(names), false);
  }

  /** {@code train}, {@code unlabelled}/{@code unlabeled} and blank: what pretraining may see. */
  public static Split pretraining() {
    return new Split(false, Set.of("train", "unlabelled", "unlabeled"), true);
  }

  /**
   * Parses {@code --split}: {@code all}, or comma-separated names ({@code train,val}).
   *
   * @throws IllegalArgumentException when empty
   */
  public static Split parse(String spec) {
    String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
    if (s.equals("all")) {
      return new Split(true, Set.of(), true, true);
    }
    String[] parts = Arrays.stream(s.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toArray(String[]::new);
    if (parts.length == 0) {
      throw new UserInputException("--split: expected `all` or split names such as `train` or `train,val`, got `" + spec + "`");
    }
    return of(parts);
  }

  /** Whether a row with this split value is used. */
  public boolean accepts(String rowSplit) {
    String s = rowSplit == null ? "" : rowSplit.trim().toLowerCase(Locale.ROOT);
    return everything || (s.isEmpty() ? blank : names.contains(s));
  }

  /**
   * The IDX file pair this selects: {@code test} when that (or {@code t10k}) is the one name asked for;
   * {@code train} for every row, the pretraining default or {@code train}.
   *
   * @throws UserInputException for any other name: an IDX folder has no such split, and training on
   *     the train pair instead would be silent nonsense; and for {@code --split all}, which a user reads as
   *     train and test together
   */
  public String idxPart() {
    if (everything && named) {
      throw new UserInputException("--split all: an IDX folder keeps its splits apart (train, test); name one:"
          + " --split train or --split test");
    }
    if (!everything && !blank && (names.equals(Set.of("test")) || names.equals(Set.of("t10k")))) {
      return "test";
    }
    if (everything || pretraining().names().containsAll(names)) {
      return "train";
    }
    throw new UserInputException("--split " + this + ": an IDX folder has the splits train and test (t10k files)");
  }

  /** {@code all}, {@code train,unlabelled,unlabeled+blank}, {@code test}. */
  @Override
  public String toString() {
    if (everything) {
      return "all";
    }
    String n = String.join(",", new TreeSet<>(names));
    return blank ? (n.isEmpty() ? "blank" : n + "+blank") : n;
  }
}
