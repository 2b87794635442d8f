package dev.autodidact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.testutil.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Exports the models the {@code examples/} module runs against during {@code mvn verify}: an encoder
 * ({@code encoder.onnx} + {@code encoder.json}) and a classifier ({@code model.onnx} + {@code model.json}),
 * both 8-px grey ResNets with seeded weights, into {@code autodidact-core/target/example-models/}.
 */
class ExampleModelsTest {
  static final Path OUT = Path.of("autodidact-core", "target", "example-models");

  @Test
  void exportsTheExampleModels() throws Exception {
    if (Files.exists(OUT)) {
      AtomicFiles.deleteTree(OUT);
    }
    Path encoder = Models.encoder(Models.TINY_GRAY, 1, OUT.resolve("run"));
    Path classifier = Models.classifier(Models.TINY_GRAY, 2, List.of("shirt", "trouser", "bag"), false, OUT.resolve("classifier"));
    Path image = Path.of("testdata/medical-like/chest-8bit.png");
    try (Encoder e = Encoder.load(encoder, InferenceOptions.cpu().withThreads(1))) {
      assertEquals(16, e.dim());
      assertEquals(e.dim(), e.embed(image).length);
    }
    try (Predictor p = Predictor.load(classifier, InferenceOptions.cpu().withThreads(1))) {
      assertEquals(3, p.predict(image).probabilities().size());
    }
    assertTrue(Files.isRegularFile(OUT.resolve("run/encoder.json")));
    assertTrue(Files.isRegularFile(OUT.resolve("classifier/model.onnx")));
  }
}
