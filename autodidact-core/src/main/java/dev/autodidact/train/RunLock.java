package dev.autodidact.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.FileErrors;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exclusive use of a run directory by one process, for every command that writes a run. Without it two
 * processes on the same {@code --out} interleave {@code metrics.jsonl} and race on checkpoint names.
 *
 * <pre>{@code
 * try (RunLock lock = RunLock.claim(out, "pretrain", "checkpoints", "summary.json")) {
 *   ... // write the run; a second process claiming `out` now gets a UserInputException naming this one
 * }
 * }</pre>
 *
 * <p>The lock is an OS file lock on {@code RUN/run.lock}, which also holds the holder's PID, host,
 * start time and command for the refusal message. The OS drops the lock when its process dies, so the
 * file of a killed process is a stale lock: it is taken over with a log line ({@link #tookOver()}).
 * Closing releases the lock and deletes the file, and removes the run directory again when this lock
 * created it and nothing else was written there, so a command refused after claiming leaves no empty
 * {@code --out} behind. Not reentrant: a second claim in the same process is refused like any other.
 */
public final class RunLock implements AutoCloseable {
  /** The lock file inside the run directory. */
  public static final String FILE = "run.lock";

  private static final Logger LOG = LoggerFactory.getLogger(RunLock.class);
  private static final ObjectMapper JSON = Json.compact();

  /**
   * Who holds a run directory.
   *
   * @param pid process id
   * @param host host name
   * @param started when the lock was taken (UTC)
   * @param command the command that took it, e.g. {@code pretrain}
   */
  public record Holder(long pid, String host, String started, String command) {
    /** {@code pretrain, PID 1234 on host h, started 2026-…Z}. */
    public String describe() {
      return command + ", PID " + pid + " on host " + host + ", started " + started;
    }
  }

  private final Path run;
  private final Path file;
  private final FileChannel channel;
  private final FileLock lock;
  private final boolean createdRun;
  private final Holder holder;
  private final Holder tookOver;
  private boolean closed;

  private RunLock(Path run, FileChannel channel, FileLock lock, boolean createdRun, Holder holder, Holder tookOver) {
    this.run = run;
    this.file = run.resolve(FILE);
    this.channel = channel;
    this.lock = lock;
    this.createdRun = createdRun;
    this.holder = holder;
    this.tookOver = tookOver;
  }

  /**
   * Creates {@code run} if needed and locks it for {@code command}.
   *
   * @param runMarkers names whose presence makes an existing non-empty directory a run of this command
   *     (besides {@code run.lock}); a non-empty directory holding none of them is refused, so a typo in
   *     {@code --out} never writes into an unrelated folder
   * @throws UserInputException when another process holds the run (naming it), when {@code run} is a
   *     file or a non-empty folder that is not a run, or when the directory cannot be created (saying why)
   */
  public static RunLock claim(Path run, String command, String... runMarkers) {
    Objects.requireNonNull(command);
    boolean created = prepare(run, runMarkers);
    try {
      for (int attempt = 0; ; attempt++) {
        RunLock l = tryLock(run, command, created);
        if (l != null) {
          return l;
        }
        if (attempt == 3) {
          throw new UserInputException("cannot lock " + run.resolve(FILE) + ": it keeps being replaced by another process");
        }
      }
    } catch (RuntimeException e) {
      if (created) {
        deleteIfEmpty(run);
      }
      throw e;
    }
  }

  private static boolean prepare(Path run, String[] markers) {
    if (Files.exists(run, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(run)) {
      throw FileErrors.failed("create run directory", run, new FileAlreadyExistsException(run.toString()));
    }
    if (Files.isDirectory(run)) {
      try (Stream<Path> s = Files.list(run)) {
        var names = s.map(p -> p.getFileName().toString()).toList();
        boolean isRun = names.contains(FILE) || Stream.of(markers).anyMatch(names::contains);
        if (!names.isEmpty() && !isRun) {
          throw new UserInputException(run + " is a non-empty folder but not a run (it holds none of "
              + String.join(", ", Stream.concat(Stream.of(FILE), Stream.of(markers)).toList())
              + "); choose a new or empty --out");
        }
      } catch (IOException e) {
        throw FileErrors.failed("read run directory", run, e);
      }
      return false;
    }
    try {
      Files.createDirectories(run);
    } catch (IOException e) {
      throw FileErrors.failed("create run directory", run, e);
    }
    return true;
  }

  /** One attempt; null when the lock file was replaced under us (retry). */
  private static RunLock tryLock(Path run, String command, boolean created) {
    Path file = run.resolve(FILE);
    FileChannel ch = null;
    try {
      ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      Object keyBefore = fileKey(file);
      FileLock fl;
      try {
        fl = ch.tryLock();
      } catch (OverlappingFileLockException e) {
        fl = null; // held by this very process
      }
      if (fl == null) {
        Optional<Holder> h = read(ch);
        ch.close();
        throw new UserInputException(run + " is in use by another autodidact process ("
            + h.map(Holder::describe).orElse("it is still writing its details to " + file)
            + "); wait for it to finish, or choose another --out");
      }
      if (keyBefore == null || !keyBefore.equals(fileKey(file))) {
        // The previous holder deleted the file between our open and our lock: lock the new one instead.
        fl.release();
        ch.close();
        return null;
      }
      Holder stale = read(ch).orElse(null);
      Holder me = new Holder(ProcessHandle.current().pid(), hostName(), Instant.now().toString(), command);
      ch.truncate(0);
      ch.write(ByteBuffer.wrap(JSON.writeValueAsBytes(me)), 0);
      ch.force(true);
      if (stale != null) {
        LOG.warn("took over the stale lock of {} in {}: that process is gone", stale.describe(), run);
      }
      return new RunLock(run, ch, fl, created, me, stale);
    } catch (IOException e) {
      closeQuietly(ch);
      throw FileErrors.failed("lock run directory", run, e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private static Object fileKey(Path p) {
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      return a.fileKey() != null ? a.fileKey() : a.creationTime();
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      return null;
    }
  }

  private static Optional<Holder> read(FileChannel ch) throws IOException {
    long size = ch.size();
    if (size == 0 || size > 1 << 16) {
      return Optional.empty();
    }
    ByteBuffer b = ByteBuffer.allocate((int) size);
    while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
      // read it all
    }
    try {
      return Optional.of(JSON.readValue(b.array(), 0, b.position(), Holder.class));
    } catch (IOException e) {
      return Optional.empty(); // half written or foreign content: no holder to name
    }
  }

  private static String hostName() {
    String env = System.getenv("HOSTNAME");
    if (env != null && !env.isBlank()) {
      return env;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  /** This process, as written to the lock file. */
  public Holder holder() {
    return holder;
  }

  /** The holder of the stale lock this one replaced (its process was gone), if any. */
  public Optional<Holder> tookOver() {
    return Optional.ofNullable(tookOver);
  }

  /** The locked run directory. */
  public Path run() {
    return run;
  }

  /** Releases the lock, deletes the lock file, and the run directory when it created it and it stayed empty. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      // Delete while still holding the lock: a process that opened the old file sees the key change and retries.
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.warn("could not delete {}: {}", file, FileErrors.reason(e));
    }
    try {
      lock.release();
    } catch (IOException e) {
      // the channel close below releases it too
    }
    closeQuietly(channel);
    if (createdRun) {
      deleteIfEmpty(run);
    }
  }

  private static void deleteIfEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      if (s.findAny().isEmpty()) {
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      // not empty, gone, or not ours to judge: leave it
    }
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException e) {
        // nothing left to do
      }
    }
  }
}
