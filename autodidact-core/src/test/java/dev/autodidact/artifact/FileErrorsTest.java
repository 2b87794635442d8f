package dev.autodidact.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File-system errors say what failed and why in words; user-fixable ones become exit-2 errors. */
class FileErrorsTest {
  @TempDir Path dir;

  @Test
  void reasonsInWords() {
    assertEquals("a file with that name exists", FileErrors.reason(new FileAlreadyExistsException("/x/y")));
    assertEquals("permission denied", FileErrors.reason(new AccessDeniedException("/x/y")));
    assertEquals("read-only file system", FileErrors.reason(new FileSystemException("/x/y", null, "Read-only file system")));
    assertEquals("no space left on device", FileErrors.reason(new IOException("No space left on device")));
    assertEquals("disk quota exceeded", FileErrors.reason(new FileSystemException("/x", null, "Disk quota exceeded")));
  }

  @Test
  void userFixableOnesAreUserErrorsOthersAreNot() {
    Path p = Path.of("/x/y");
    RuntimeException full = FileErrors.failed("write checkpoint", p, new IOException("No space left on device"));
    assertInstanceOf(UserInputException.class, full);
    assertEquals("cannot write checkpoint /x/y: no space left on device", full.getMessage());
    RuntimeException odd = FileErrors.failed("read", p, new IOException("Input/output error"));
    assertInstanceOf(UncheckedIOException.class, odd);
    assertEquals("cannot read /x/y: Input/output error", odd.getMessage());
    assertFalse(FileErrors.userFixable(new IOException("Input/output error")));
  }

  @Test
  void aRealCollisionIsDescribed() throws Exception {
    Path file = Files.writeString(dir.resolve("f"), "x");
    try {
      Files.createDirectories(file.resolve("sub"));
    } catch (IOException e) {
      String r = FileErrors.reason(e);
      assertTrue(r.equals("not a directory") || r.equals("a file with that name exists"), r);
      assertTrue(FileErrors.userFixable(e));
      return;
    }
    throw new AssertionError("creating a directory under a file succeeded");
  }
}
