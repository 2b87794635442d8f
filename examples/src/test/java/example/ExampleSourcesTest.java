package example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The examples use only the public API: {@code dev.autodidact.Encoder} / {@code Predictor} and the JDK. */
class ExampleSourcesTest {
  static final Set<String> ALLOWED = Set.of("dev.autodidact.Encoder", "dev.autodidact.Predictor");

  @Test
  void examplesImportOnlyThePublicApi() throws Exception {
    for (String name : List.of("EmbedOne", "Classify")) {
      List<String> lines = Files.readAllLines(Path.of("src/main/java/example/" + name + ".java"));
      List<String> imports = lines.stream().filter(l -> l.startsWith("import ")).map(l -> l.substring(7, l.length() - 1)).toList();
      assertTrue(imports.stream().anyMatch(ALLOWED::contains), name + " uses the API: " + imports);
      for (String i : imports) {
        assertTrue(ALLOWED.contains(i) || i.startsWith("java."), name + " imports " + i);
      }
      assertTrue(lines.stream().noneMatch(l -> l.contains("ai.onnxruntime") || l.contains("dev.autodidact.api")), name);
      assertTrue(lines.size() <= 20, name + " stays short: " + lines.size() + " lines");
    }
    assertEquals(2, Files.list(Path.of("src/main/java/example")).count(), "only the two mains");
  }
}
