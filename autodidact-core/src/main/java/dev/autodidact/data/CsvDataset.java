package dev.autodidact.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The images listed in a {@link CsvManifest}, optionally one split. Class indices follow the sorted
 * label names (numerically when every label is an integer, so "2" precedes "10").
 */
public final class CsvDataset extends FileListDataset {
  private static final int MISSING_SHOWN = 5;

  private CsvDataset(List<Path> files, int[] labels, List<String> classes, DecodeOptions decode) {
    super(files, labels, classes, decode);
  }

  /**
   * Reads the manifest and checks that every listed file exists.
   *
   * @param split which rows ({@link Split})
   * @throws DataException listing the first few missing files, or if the split selects no rows
   */
  public static CsvDataset open(Path csv, Split split, DecodeOptions decode) {
    CsvManifest manifest = CsvManifest.read(csv);
    List<CsvManifest.Row> rows = manifest.rows(split);
    if (rows.isEmpty()) {
      throw new DataException(csv + ": no rows with split " + split + " (" + manifest.rows().size() + " rows in all)");
    }
    List<String> missing = new ArrayList<>();
    int missingCount = 0;
    for (CsvManifest.Row r : rows) {
      if (!Files.exists(r.path())) {
        missingCount++;
        if (missing.size() < MISSING_SHOWN) {
          missing.add(r.path() + " (line " + r.line() + ")");
        }
      }
    }
    if (missingCount > 0) {
      throw new DataException(
          csv + ": " + missingCount + " listed file" + (missingCount == 1 ? " does" : "s do")
              + " not exist: " + String.join(", ", missing) + (missingCount > MISSING_SHOWN ? ", ..." : ""));
    }
    TreeSet<String> names = new TreeSet<>(labelOrder(rows));
    rows.stream().map(CsvManifest.Row::label).filter(l -> !l.isEmpty()).forEach(names::add);
    List<String> classes = new ArrayList<>(names);
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    List<Path> files = new ArrayList<>();
    int[] labels = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      files.add(rows.get(i).path());
      String l = rows.get(i).label();
      labels[i] = l.isEmpty() ? NO_LABEL : index.get(l);
    }
    return new CsvDataset(files, labels, classes, decode);
  }

  private static Comparator<String> labelOrder(List<CsvManifest.Row> rows) {
    boolean numeric = rows.stream().map(CsvManifest.Row::label).filter(l -> !l.isEmpty()).allMatch(l -> l.matches("-?\\d{1,9}"));
    return numeric ? Comparator.comparingInt(Integer::parseInt) : Comparator.naturalOrder();
  }

}
