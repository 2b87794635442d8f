package dev.autodidact.step;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import dev.autodidact.testutil.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {
  private static TensorData images(int n, Recipe r, long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    float[] v = new float[n * r.input().channels() * r.input().size() * r.input().size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = (float) rng.nextDouble(-1, 1);
    }
    return TensorData.floats(Shape.of(n, r.input().channels(), r.input().size(), r.input().size()), v);
  }

  @Test
  void exportWritesVerifiableArtifactsAndTheEncoderTakesAnyBatch(@TempDir Path tmp) throws Exception {
    Recipe recipe = Fixtures.recipe("simclr-sgd");
    Path out = tmp.resolve("export");
    Manifest m = Exporter.export(recipe, 4, 7, out);
    assertEquals(java.util.Set.of("train_step.onnx", "eval.onnx", "encoder.onnx", "state.safetensors"), m.files().keySet());
    Manifest.verify(out);

    SafeTensors state = SafeTensors.read(out.resolve(Exporter.STATE));
    StepProgram again = StepBuilder.train(recipe, 4, 7);
    for (var e : again.initialState().entrySet()) {
      assertEquals(e.getValue().shape(), state.get(e.getKey()).shape(), e.getKey());
    }

    ModelProto enc = ModelProto.parseFrom(Files.readAllBytes(out.resolve(Exporter.ENCODER)));
    assertEquals("N", enc.getGraph().getInput(0).getType().getTensorType().getShape().getDim(0).getDimParam());
    assertEquals(0, Graph.fromModel(enc).inputs().size() - 1, "only x is an input: the weights are inside");
    try (ModelRunner r = new ModelRunner(enc, Device.CPU)) {
      TensorData three = images(3, recipe, 1);
      TensorData f3 = r.run(Map.of("x", three)).get("features");
      assertEquals(Shape.of(3, 8), f3.shape());
      // Batch independence in eval mode: image 0 alone gives the same features as in a batch of 3.
      TensorData one = TensorData.floats(Shape.of(1, 3, 8, 8), java.util.Arrays.copyOf(three.toFloats(), 3 * 64));
      TensorData f1 = r.run(Map.of("x", one)).get("features");
      for (int i = 0; i < 8; i++) {
        assertEquals(f3.getDouble(i), f1.getDouble(i), 1e-5);
      }
    }

    ModelProto eval = ModelProto.parseFrom(Files.readAllBytes(out.resolve(Exporter.EVAL)));
    Map<String, TensorData> in = new HashMap<>(state.tensors());
    in.keySet().removeIf(k -> k.startsWith("opt."));
    in.put("x", images(8, recipe, 2));
    try (ModelRunner r = new ModelRunner(eval, Device.CPU)) {
      double loss = r.run(in).get("loss").getDouble(0);
      assertTrue(Double.isFinite(loss) && loss > 0, "eval loss " + loss);
    }
  }

  @Test
  void refusesANonEmptyDirectory(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("keep.txt"), "user data");
    assertThrows(java.nio.file.FileAlreadyExistsException.class,
        () -> Exporter.export(Fixtures.recipe("simclr-sgd"), 4, 0, tmp));
    assertTrue(Files.exists(tmp.resolve("keep.txt")));
  }
}
