package dev.autodidact.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What a dataset was, recorded with everything trained or measured on it ({@code trainer.json},
 * {@code summary.json}, {@code encoder.json}, evaluation results), so a resume on other data is caught
 * and a model can be traced to its data.
 *
 * <pre>{@code
 * DataFingerprint fp = DataFingerprint.of(dataPath, dataset);
 * if (!fp.sameData(recorded)) throw new UserInputException("data changed: was " + recorded.describe() + ", now " + fp.describe());
 * }</pre>
 *
 * <p>The hash is SHA-256 over, per sample in dataset order: for files, the name relative to the data
 * path, the size, the modification time and the label; for IDX, the pixel and label bytes themselves
 * (content). File contents are not read: hashing terabytes of images at every start would cost more
 * than the check is worth, and a changed file almost always changes size or time. Names are only
 * hashed, never written, so no file name (which may identify a patient) reaches the run's files.
 *
 * @param path the data path as given
 * @param kind {@code folder}, {@code csv}, {@code idx} or {@code other}
 * @param items number of samples
 * @param sha256 hex SHA-256 as described above
 * @param basis what the hash covers, in words
 */
public record DataFingerprint(String path, String kind, int items, String sha256, String basis) {
  /** Fingerprints {@code dataset}, opened from {@code path}. */
  public static DataFingerprint of(Path path, Dataset dataset) {
    MessageDigest md = digest();
    String[] kindBasis = feed(md, path, dataset);
    return new DataFingerprint(path.toString(), kindBasis[0], dataset.size(), HexFormat.of().formatHex(md.digest()),
        kindBasis[1]);
  }

  /** Hashes {@code d} into {@code md}; returns its kind and basis. */
  private static String[] feed(MessageDigest md, Path path, Dataset d) {
    if (d instanceof SubsetDataset s) {
      String[] kb = feed(md, path, s.base());
      for (int i = 0; i < s.size(); i++) {
        md.update((s.baseIndex(i) + ",").getBytes(StandardCharsets.UTF_8)); // which samples, in which order
      }
      return new String[] {kb[0], kb[1] + ", subset"};
    }
    if (d instanceof IdxDataset idx) {
      md.update(idx.pixelBytes());
      if (idx.labelBytes() != null) {
        md.update(idx.labelBytes());
      }
      return new String[] {"idx", "pixel and label bytes"};
    }
    if (d instanceof FileListDataset files) {
      Path root = Files.isDirectory(path) ? path.toAbsolutePath().normalize()
          : path.toAbsolutePath().normalize().getParent();
      for (int i = 0; i < files.size(); i++) {
        Path f = files.file(i).toAbsolutePath().normalize();
        String name = f.startsWith(root) ? root.relativize(f).toString() : f.toString();
        String stat;
        try {
          BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
          stat = a.size() + "," + a.lastModifiedTime().toMillis();
        } catch (IOException e) {
          stat = "unreadable"; // the loader reports it; it still is part of what the data is
        }
        md.update((name + "\0" + stat + "\0" + files.label(i) + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return new String[] {files instanceof CsvDataset ? "csv" : "folder", "file names, sizes, modification times and labels"};
    }
    for (int i = 0; i < d.size(); i++) {
      md.update((d.source(i) + "\0" + d.label(i) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    return new String[] {"other", "sample names and labels"};
  }

  /** Same samples: equal item count and hash (the path may differ: a moved folder is the same data). */
  public boolean sameData(DataFingerprint other) {
    return other != null && items == other.items && sha256.equals(other.sha256);
  }

  /** {@code testdata/x (folder, 2500 items, sha256 1a2b3c4d5e6f)}. */
  public String describe() {
    return path + " (" + kind + ", " + items + " items, sha256 " + sha256.substring(0, Math.min(12, sha256.length())) + ")";
  }

  private static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
