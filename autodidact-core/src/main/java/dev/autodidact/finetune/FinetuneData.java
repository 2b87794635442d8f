package dev.autodidact.finetune;

import dev.autodidact.UserInputException;
import dev.autodidact.data.DataFingerprint;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.SubsetDataset;
import dev.autodidact.data.Subsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The labelled images of a fine-tuning run: training and validation sets with their targets.
 *
 * @param train training images
 * @param trainTargets their targets
 * @param val validation images
 * @param valTargets their targets
 * @param valFingerprint what the validation images are (recorded with the run and in model.json)
 */
public record FinetuneData(Dataset train, Targets trainTargets, Dataset val, Targets valTargets,
    DataFingerprint valFingerprint) {
  private static final Logger LOG = LoggerFactory.getLogger(FinetuneData.class);

  /**
   * How the labels are read.
   *
   * @param labelColumns multi-label CSV columns (empty: single-label)
   * @param uncertain multi-label -1 policy
   * @param blank multi-label blank policy
   * @param split CSV split / IDX {@code train|test} of {@code --data}
   */
  public record LabelOptions(List<String> labelColumns, MultiLabelCsv.Uncertain uncertain, MultiLabelCsv.Blank blank,
      Optional<String> split) {
    public LabelOptions {
      labelColumns = List.copyOf(labelColumns);
    }

    public boolean multiLabel() {
      return !labelColumns.isEmpty();
    }
  }

  /** A labelled dataset with its targets. */
  public record Labelled(Dataset dataset, Targets targets) {
    /** Samples {@code idx} of it. */
    public Labelled subset(int[] idx) {
      return new Labelled(new SubsetDataset(dataset, idx), targets.subset(idx));
    }
  }

  /** Opens {@code path} with its labels. */
  public static Labelled open(Path path, DecodeOptions decode, LabelOptions o, String what) {
    Datasets.Options d = new Datasets.Options(decode, true, null).withSplit(o.split().orElse(null));
    if (o.multiLabel()) {
      if (Datasets.kind(path) != Datasets.Kind.CSV) {
        throw new UserInputException(what + " " + path + ": --label-columns needs a CSV manifest");
      }
      MultiLabelCsv.Result r = MultiLabelCsv.open(path, o.labelColumns(), o.uncertain(), o.blank(), d.split(),
          d.decode());
      return new Labelled(r.dataset(), r.targets());
    }
    Dataset ds = Datasets.open(path, d);
    return new Labelled(ds, Targets.singleLabel(ds, what + " " + path));
  }

  /**
   * The run's sets: {@code data} (or {@code labelsPerClass} of each class of it, 0 = all), validated on
   * {@code val} when given, else on a held-out {@code valFraction} of {@code data} (drawn with
   * {@code seed}, before the per-class subset — {@link Subsets#perClass}, nested across K — so the subset
   * never holds validation images).
   */
  public static FinetuneData prepare(Path data, Path val, double valFraction, int labelsPerClass,
      DecodeOptions decode, LabelOptions o, long seed) {
    Labelled all = open(data, decode, o, "--data");
    Labelled train;
    Labelled v;
    if (val != null) {
      train = all;
      v = open(val, decode, new LabelOptions(o.labelColumns(), o.uncertain(), o.blank(), Optional.empty()), "--val");
      if (!v.targets().classes().equals(all.targets().classes())) {
        throw new UserInputException("--val " + val + ": classes " + v.targets().classes() + " differ from --data's "
            + all.targets().classes());
      }
    } else {
      if (!(valFraction > 0 && valFraction < 1)) {
        throw new UserInputException("--val-fraction must be in (0, 1), got " + valFraction);
      }
      int[] perm = permutation(all.dataset().size(), seed);
      int nVal = (int) Math.max(1, Math.round(all.dataset().size() * valFraction));
      int[] valIdx = Arrays.copyOfRange(perm, 0, nVal);
      int[] trainIdx = Arrays.copyOfRange(perm, nVal, perm.length);
      Arrays.sort(valIdx);
      Arrays.sort(trainIdx);
      v = all.subset(valIdx);
      train = all.subset(trainIdx);
    }
    if (labelsPerClass > 0) {
      if (o.multiLabel()) {
        throw new UserInputException("--labels-per-class applies to single-label data; it has no meaning per finding");
      }
      SubsetDataset chosen = Subsets.perClass(train.dataset(), labelsPerClass, seed);
      int[] idx = new int[chosen.size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = chosen.baseIndex(i);
      }
      train = train.subset(idx);
      warnShortClasses(train.dataset(), labelsPerClass);
    }
    return new FinetuneData(train.dataset(), train.targets(), v.dataset(), v.targets(),
        DataFingerprint.of(val != null ? val : data, v.dataset()));
  }

  /**
   * K is a request, not a promise: a class with fewer labelled training images trains on all it has (so
   * {@code --labels-per-class} larger than every class means all the data). One line says which classes fell short.
   */
  private static void warnShortClasses(Dataset train, int k) {
    List<String> classes = train.classes();
    int[] count = new int[classes.size()];
    for (int i = 0; i < train.size(); i++) {
      int y = train.label(i);
      if (y >= 0 && y < count.length) {
        count[y]++;
      }
    }
    List<String> shortOnes = new java.util.ArrayList<>();
    int fewest = Integer.MAX_VALUE;
    for (int y = 0; y < count.length; y++) {
      if (count[y] < k) {
        shortOnes.add(classes.get(y) + ": " + count[y]);
        fewest = Math.min(fewest, count[y]);
      }
    }
    if (shortOnes.isEmpty()) {
      return;
    }
    String listed = shortOnes.size() <= 5 ? String.join(", ", shortOnes)
        : String.join(", ", shortOnes.subList(0, 5)) + " and " + (shortOnes.size() - 5) + " more, fewest " + fewest;
    LOG.warn("--labels-per-class {}: {} of {} classes have fewer than {} labelled training images ({}); training on all"
        + " of theirs: {} images in all", k, shortOnes.size(), classes.size(), k, listed, train.size());
  }

  /** A seeded Fisher–Yates permutation of 0..n-1. */
  static int[] permutation(int n, long seed) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
