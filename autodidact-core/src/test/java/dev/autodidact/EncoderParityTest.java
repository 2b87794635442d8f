package dev.autodidact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.augment.Normalize;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.data.augment.Workspace;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.testutil.Models;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Encoder.embed(path)} is, bit for bit, what training-time evaluation computes: the data
 * package's decoder and {@link Presets#eval} pipeline with the recipe's normalization, fed to the same
 * {@code encoder.onnx} through a raw ORT session. For every image fixture under {@code testdata/}
 * (8/16-bit, grey/RGB, odd sizes, PNG/TIFF/JPEG/BMP), on a grey 8-px model (resize = crop) and an RGB
 * 64-px model (resize 73, centre crop 64), so the channel conversion and the resize rule both count.
 */
class EncoderParityTest {
  @TempDir Path dir;

  static List<Path> imageFixtures() throws IOException {
    try (Stream<Path> s = Files.walk(Path.of("testdata"))) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.getFileName().toString().matches("(?i).*\\.(png|tif|tiff|jpg|jpeg|bmp|pgm|ppm|pnm)"))
          .sorted().toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"testdata/recipes/tiny-simclr.json", "testdata/recipes/tiny-rgb-64.json"})
  void embedEqualsTheEvalPipelineBitForBit(String recipeFile) throws Exception {
    List<Path> images = imageFixtures();
    assertTrue(images.size() >= 12, "expected the medical-like and images fixtures, found " + images);
    Recipe r = Recipe.load(Path.of(recipeFile));
    Path model = Models.encoder(Path.of(recipeFile), 11, dir.resolve("run"));
    int c = r.input().channels();
    int size = r.input().size();
    Pipeline eval = Presets.eval(size, c).withNormalize(new Normalize(r.input().mean(), r.input().std()));
    ImageDecoder decoder = new ImageDecoder(DecodeOptions.of(c));
    Workspace ws = new Workspace();
    FloatImage img = new FloatImage();
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (Encoder encoder = Encoder.load(model, InferenceOptions.cpu().withThreads(1));
        OrtSession.SessionOptions o = Sessions.options(Device.CPU, 1);
        OrtSession raw = env.createSession(model.toString(), o)) {
      assertEquals(size, encoder.preprocessing().crop());
      for (Path p : images) {
        decoder.decode(p, img);
        FloatBuffer x = FloatBuffer.allocate(eval.viewSize());
        eval.apply(img, 0, 0, 0, 0, ws, x, 0);
        float[] expected;
        try (OnnxTensor t = OnnxTensor.createTensor(env, x, new long[] {1, c, size, size});
            OrtSession.Result res = raw.run(Map.of("x", t))) {
          expected = ((float[][]) res.get(0).getValue())[0];
        }
        float[] actual = encoder.embed(p);
        assertEquals(encoder.dim(), actual.length);
        assertArrayEquals(expected, actual, p + ": Encoder.embed(path) differs from the eval pipeline");
        if (!p.toString().endsWith(".tif")) {
          // The BufferedImage entry point decodes nothing itself: same result from ImageIO's image.
          assertArrayEquals(expected, encoder.embed(ImageIO.read(p.toFile())), p + ": embed(BufferedImage) differs");
        }
      }
    }
  }

  /** The contract is read from encoder.json, not assumed: another resize rule there changes the embedding. */
  @org.junit.jupiter.api.Test
  void theResizeRuleComesFromTheJson() throws Exception {
    Path model = Models.encoder(Models.TINY_RGB64, 11, dir.resolve("run"));
    Path image = Path.of("testdata/images/rgb-8bit-120x90.png");
    float[] asTrained;
    try (Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1))) {
      assertEquals(73, e.preprocessing().resize());
      asTrained = e.embed(image);
    }
    Path json = model.resolveSibling("encoder.json");
    com.fasterxml.jackson.databind.ObjectMapper m = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) m.readTree(json.toFile());
    ((com.fasterxml.jackson.databind.node.ObjectNode) o.get("preprocessing").get("resize")).put("shorter_side", 64);
    Files.write(json, m.writeValueAsBytes(o));
    try (Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1))) {
      assertEquals(64, e.preprocessing().resize());
      float[] plain = e.embed(image);
      double diff = 0;
      for (int i = 0; i < plain.length; i++) {
        diff = Math.max(diff, Math.abs(plain[i] - asTrained[i]));
      }
      assertTrue(diff > 1e-4, "a plain resize to 64 gives another embedding, max diff " + diff);
    }
  }
}
