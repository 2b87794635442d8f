package dev.autodidact.artifact;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Crash-safe writes: a reader (or a resume after a power cut) sees either the old file/directory or the
 * complete new one, never a half-written one. Files are written under a temporary name in the same
 * directory (rename is only atomic within one file system), fsynced, renamed, and the directory entry
 * is fsynced too so the rename itself survives a crash.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /** Writes the content of a file given an open stream; the stream is closed by the caller. */
  @FunctionalInterface
  public interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  /** Fills a directory that is still under its temporary name. */
  @FunctionalInterface
  public interface DirectoryBody {
    void fill(Path tempDir) throws IOException;
  }

  /** Atomically replaces (or creates) {@code target} with {@code bytes}. */
  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  /** Atomically replaces (or creates) {@code target} with what {@code body} writes. */
  public static void write(Path target, Body body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp = dir.resolve("." + abs.getFileName() + ".tmp-" + randomSuffix());
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        // The channel's stream is unbuffered; buffer so many small writes don't become many syscalls.
        OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
        body.writeTo(out);
        out.flush();
        ch.force(true);
      }
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      fsyncDirectory(dir);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Builds directory {@code target} atomically: {@code body} fills {@code .<name>.tmp-<random>} beside
   * it, every file and directory under it is fsynced, then it is renamed to {@code target}. The target
   * must not exist (renaming over a non-empty directory is not atomic anywhere). On any failure the
   * temporary directory is removed and the exception propagates.
   */
  public static void writeDirectory(Path target, DirectoryBody body) throws IOException {
    Path abs = target.toAbsolutePath();
    Path parent = abs.getParent();
    if (Files.exists(abs)) {
      throw new FileAlreadyExistsException(abs.toString(), null, "refusing to replace an existing directory");
    }
    Path tmp = parent.resolve("." + abs.getFileName() + ".tmp-" + randomSuffix());
    Files.createDirectory(tmp);
    boolean done = false;
    try {
      body.fill(tmp);
      fsyncTree(tmp);
      Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE);
      fsyncDirectory(parent);
      done = true;
    } finally {
      if (!done) {
        deleteTree(tmp);
      }
    }
  }

  /** Deletes a file tree if it exists (deepest entries first). */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }

  private static void fsyncTree(Path root) throws IOException {
    List<Path> all;
    try (Stream<Path> s = Files.walk(root)) {
      // Files before their directories, so each directory is synced after its entries.
      all = s.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      if (Files.isDirectory(p)) {
        fsyncDirectory(p);
      } else if (Files.isRegularFile(p)) {
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
      }
    }
  }

  /** Makes a directory's entries (creations, renames) durable. Windows cannot open directories; skip there. */
  static void fsyncDirectory(Path dir) throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
        throw e;
      }
    }
  }

  private static String randomSuffix() {
    byte[] b = new byte[6];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
