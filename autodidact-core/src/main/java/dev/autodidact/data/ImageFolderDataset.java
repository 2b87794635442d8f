package dev.autodidact.data;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;

/**
 * Every image file under a folder, recursively, in a stable order (sorted by relative path). With
 * labels, the first-level subfolder name is the class; class indices follow the sorted folder names.
 *
 * <p>Symbolic links are followed; a link that loops back is reported as a {@link ScanProblem}, not
 * followed forever. Hidden files and common side files ({@code .txt}, {@code .csv}, {@code .json},
 * {@code Thumbs.db}, ...) are ignored silently; every other file is a candidate, and whether it is an
 * image is decided from its content when it is decoded.
 */
public final class ImageFolderDataset extends FileListDataset {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ImageFolderDataset.class);
  private static final Set<String> SIDE_FILES =
      Set.of("txt", "csv", "tsv", "json", "jsonl", "md", "xml", "ini", "db", "log", "yaml", "yml", "html", "py", "sh");

  private final Path root;
  private final List<ScanProblem> problems;
  private final int ignored;

  private ImageFolderDataset(
      Path root, List<Path> files, int[] labels, List<String> classes, List<ScanProblem> problems, int ignored, DecodeOptions decode) {
    super(files, labels, classes, decode);
    this.root = root;
    this.problems = List.copyOf(problems);
    this.ignored = ignored;
  }

  /**
   * Lists {@code root}.
   *
   * @param withLabels take the first-level subfolder as the label; files directly in {@code root} are
   *     then an error
   * @throws DataException if {@code root} is not a readable folder or holds no candidate files
   */
  public static ImageFolderDataset open(Path root, boolean withLabels, DecodeOptions decode) {
    if (!Files.isDirectory(root)) {
      throw new DataException(root + ": not a folder");
    }
    Scan scan = new Scan(root);
    try {
      Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, scan);
    } catch (IOException e) {
      throw new DataException(root + ": cannot list folder (" + ImageDecoder.oneLine(e) + ")", e);
    }
    List<String> rel = new ArrayList<>(scan.found.keySet());
    List<Path> files = new ArrayList<>(scan.found.values());
    if (files.isEmpty()) {
      throw new DataException(root + ": no files found" + (scan.ignored > 0 ? " (only " + scan.ignored + " non-image side files)" : ""));
    }
    int[] labels = new int[files.size()];
    List<String> classes = new ArrayList<>();
    if (withLabels) {
      List<String> loose = new ArrayList<>();
      TreeMap<String, Integer> index = new TreeMap<>();
      for (String r : rel) {
        int slash = r.indexOf('/');
        if (slash < 0) {
          loose.add(r);
        } else {
          index.put(r.substring(0, slash), 0);
        }
      }
      if (!loose.isEmpty()) {
        throw new DataException(
            root + ": with labels every image must be in a class subfolder; " + loose.size()
                + " are not, e.g. " + String.join(", ", loose.subList(0, Math.min(3, loose.size()))));
      }
      classes.addAll(index.keySet());
      for (int i = 0; i < classes.size(); i++) {
        index.put(classes.get(i), i);
      }
      for (int i = 0; i < rel.size(); i++) {
        labels[i] = index.get(rel.get(i).substring(0, rel.get(i).indexOf('/')));
      }
    } else {
      java.util.Arrays.fill(labels, NO_LABEL);
    }
    for (int i = 0; i < Math.min(scan.problems.size(), 10); i++) {
      LOG.warn("skipping {}: {}", scan.problems.get(i).path(), scan.problems.get(i).reason());
    }
    if (scan.problems.size() > 10) {
      LOG.warn("{} more folders or links could not be listed", scan.problems.size() - 10);
    }
    return new ImageFolderDataset(root, files, labels, classes, scan.problems, scan.ignored, decode);
  }

  /** Folders and links that could not be listed. */
  public List<ScanProblem> problems() {
    return problems;
  }

  /** Hidden and side files skipped on purpose. */
  public int ignored() {
    return ignored;
  }

  public Path root() {
    return root;
  }

  /** The file of sample {@code index}. */
  static boolean isIgnored(Path file) {
    String name = file.getFileName().toString();
    if (name.startsWith(".") || name.equalsIgnoreCase("Thumbs.db") || name.equalsIgnoreCase("desktop.ini")) {
      return true;
    }
    int dot = name.lastIndexOf('.');
    return dot >= 0 && SIDE_FILES.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static final class Scan extends SimpleFileVisitor<Path> {
    final Path root;
    final TreeMap<String, Path> found = new TreeMap<>();
    final List<ScanProblem> problems = new ArrayList<>();
    int ignored;

    Scan(Path root) {
      this.root = root;
    }

    @Override
    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
      if (!dir.equals(root) && dir.getFileName().toString().startsWith(".")) {
        return FileVisitResult.SKIP_SUBTREE;
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
      if (isIgnored(file)) {
        ignored++;
      } else if (attrs.isSymbolicLink()) {
        // Only reached when the link could not be followed.
        problems.add(new ScanProblem(file.toString(), "broken symbolic link"));
      } else if (attrs.isRegularFile() || attrs.isOther()) {
        found.put(root.relativize(file).toString().replace('\\', '/'), file);
      }
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
      String reason;
      if (e instanceof FileSystemLoopException) {
        reason = "symbolic link loop (skipped)";
      } else if (e instanceof AccessDeniedException) {
        reason = "permission denied";
      } else if (e instanceof java.nio.file.NoSuchFileException) {
        reason = "broken symbolic link";
      } else {
        reason = "cannot list (" + ImageDecoder.oneLine(e) + ")";
      }
      problems.add(new ScanProblem(file.toString(), reason));
      return FileVisitResult.CONTINUE;
    }
  }
}
