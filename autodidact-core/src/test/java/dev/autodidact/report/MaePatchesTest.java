package dev.autodidact.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.autodidact.method.Mae;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The Java un-patchify must invert the graph's patchify, channels and norm_pix_loss included. */
class MaePatchesTest {
  @Test
  void reconstructingFromTheTrueNormalisedPatchesGivesTheImageBack() throws Exception {
    String json = Files.readString(Path.of("testdata/recipes/tiny-mae.json"))
        .replace("\"channels\": 1", "\"channels\": 3")
        .replace("\"mean\": [0.2860]", "\"mean\": [0.3, 0.4, 0.5]")
        .replace("\"std\": [0.3530]", "\"std\": [0.2, 0.25, 0.3]");
    Recipe r = Recipe.parse(json);
    int c = 3;
    int s = r.input().size();
    int p = r.encoder().patch();
    SplittableRandom rng = new SplittableRandom(1);
    float[] img = new float[c * s * s];
    for (int i = 0; i < img.length; i++) {
      img[i] = (float) (0.05 + 0.9 * rng.nextDouble());
    }
    TestSample sample = new TestSample(1, c, s, new int[] {0}, img, new int[] {0}, java.util.List.of("a"), 0);
    float[] x = sample.normalised(r.input());
    // The graph's patchify of the normalised image: [1, L, p·p·C]
    Graph g = new Graph("patchify");
    Tensor in = g.input("x", DType.FLOAT, Shape.of(1, c, s, s));
    g.output("patches", new Mae(r).patchify(in));
    float[] patches;
    try (ModelRunner run = new ModelRunner(g.toModel(), Device.CPU)) {
      patches = run.run(Map.of("x", TensorData.floats(Shape.of(1, c, s, s), x))).get("patches").toFloats();
    }
    MaePatches mp = new MaePatches(c, s, p);
    int l = mp.grid() * mp.grid();
    int d = mp.dim();
    assertEquals(l * d, patches.length);
    float[] mask = new float[l];
    for (int q = 0; q < l; q += 2) {
      mask[q] = 1; // every other patch predicted, the rest copied
    }
    // Raw patches, and patches normalised as norm_pix_loss's target (unbiased variance).
    float[] normed = patches.clone();
    for (int q = 0; q < l; q++) {
      double mean = 0;
      for (int k = 0; k < d; k++) {
        mean += patches[q * d + k] / d;
      }
      double var = 0;
      for (int k = 0; k < d; k++) {
        var += Math.pow(patches[q * d + k] - mean, 2) / (d - 1);
      }
      for (int k = 0; k < d; k++) {
        normed[q * d + k] = (float) ((patches[q * d + k] - mean) / Math.sqrt(var + 1e-6));
      }
    }
    assertArrayEquals(img, mp.reconstruct(img, patches, mask, false, r.input()), 1e-5f);
    assertArrayEquals(img, mp.reconstruct(img, normed, mask, true, r.input()), 1e-4f);
    float[] grey = mp.greyOut(img, mask);
    assertEquals(0.5f, grey[0]); // patch 0 is masked
    assertEquals(img[p], grey[p]); // first pixel of patch 1 (visible) kept
  }
}
