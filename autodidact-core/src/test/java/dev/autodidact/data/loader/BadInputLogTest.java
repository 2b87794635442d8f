package dev.autodidact.data.loader;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reasons are counted whole, even when they (or the file name) contain ": ". */
class BadInputLogTest {
  @Test
  void reasonsContainingColonsAreNotTruncated() {
    BadInputLog log = new BadInputLog(100, 0.5);
    log.record(1, "a.png", "cannot decode: bad IHDR (chunk 3)");
    log.record(2, "dir: x/b.png", "cannot decode: bad IHDR");
    log.record(3, "c.png", "not an image");
    assertEquals(Map.of("cannot decode: bad IHDR", 2, "not an image", 1), log.byReason());
    assertEquals("dir: x/b.png: cannot decode: bad IHDR", log.entries().get(2));
  }
}
