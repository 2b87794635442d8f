package dev.autodidact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.testutil.Models;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Encoder} says about bad models, manifests and images; its lifecycle and concurrency. */
class EncoderBadInputTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path RGB = Path.of("testdata/images/rgb-8bit-37x23.png");
  static final Path GRAY = Path.of("testdata/medical-like/chest-8bit.png");

  @TempDir Path dir;
  Path model;
  Path json;

  @BeforeEach
  void export() throws IOException {
    model = Models.encoder(Models.TINY_GRAY, 5, dir.resolve("run"));
    json = model.resolveSibling("encoder.json");
  }

  static String message(Class<? extends Throwable> type, org.junit.jupiter.api.function.Executable e) {
    return assertThrows(type, e).getMessage();
  }

  @Test
  void modelWithoutItsJsonIsRefused() throws IOException {
    Path alone = Files.copy(model, dir.resolve("alone.onnx"));
    String m = message(UserInputException.class, () -> Encoder.load(alone));
    assertTrue(m.contains("alone.onnx") && m.contains("no alone.json beside it"), m);
  }

  @Test
  void anotherManifestFormatIsRefused() throws IOException {
    ObjectNode o = (ObjectNode) JSON.readTree(json.toFile());
    o.put("format", "autodidact-encoder/7");
    Files.write(json, JSON.writeValueAsBytes(o));
    String m = message(UserInputException.class, () -> Encoder.load(model));
    assertTrue(m.contains("encoder.json") && m.contains("'autodidact-encoder/7'") && m.contains("autodidact-encoder/2"), m);

    o.put("format", "autodidact-encoder/1");
    Files.write(json, JSON.writeValueAsBytes(o));
    m = message(UserInputException.class, () -> Encoder.load(model));
    assertTrue(m.contains("re-export"), m);

    o.put("format", "autodidact-encoder/2");
    ((ObjectNode) o.get("preprocessing")).put("format", "autodidact-preprocessing/3");
    Files.write(json, JSON.writeValueAsBytes(o));
    m = message(UserInputException.class, () -> Encoder.load(model));
    assertTrue(m.contains("encoder.json") && m.contains("preprocessing.format") && m.contains("autodidact-preprocessing/3"), m);
  }

  @Test
  void badPreprocessingFieldIsNamed() throws IOException {
    ObjectNode o = (ObjectNode) JSON.readTree(json.toFile());
    ((ObjectNode) o.get("preprocessing").get("resize")).put("interpolation", "lanczos");
    Files.write(json, JSON.writeValueAsBytes(o));
    String m = message(UserInputException.class, () -> Encoder.load(model));
    assertTrue(m.contains("resize.interpolation") && m.contains("lanczos") && m.contains("bicubic"), m);
  }

  @Test
  void corruptOnnxIsRefused() throws IOException {
    byte[] bytes = Files.readAllBytes(model);
    bytes[bytes.length / 2] ^= 0x5A;
    Files.write(model, bytes);
    String m = message(UserInputException.class, () -> Encoder.load(model));
    assertTrue(m.contains("encoder.onnx") && m.contains("SHA-256") && m.contains("corrupt"), m);

    // A file that is not ONNX at all, with a matching hash: ORT's own refusal, as one line.
    Files.write(model, "not a model".getBytes());
    ObjectNode o = (ObjectNode) JSON.readTree(json.toFile());
    o.put("sha256", Manifest.sha256(model));
    Files.write(json, JSON.writeValueAsBytes(o));
    m = message(UserInputException.class, () -> Encoder.load(model));
    assertTrue(m.contains("encoder.onnx") && m.contains("not a valid ONNX model"), m);
    assertEquals(1, m.lines().count());
  }

  @Test
  void strictModelRefusesAnotherChannelCount() throws Exception {
    ObjectNode o = (ObjectNode) JSON.readTree(json.toFile());
    ((ObjectNode) o.get("preprocessing")).put("channel_conversion", "strict");
    Files.write(json, JSON.writeValueAsBytes(o));
    try (Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1))) {
      assertEquals(Preprocessing.ChannelConversion.STRICT, e.preprocessing().channelConversion());
      assertEquals(e.dim(), e.embed(GRAY).length, "grey is what this model takes");
      String m = message(IllegalArgumentException.class, () -> e.embed(RGB));
      assertTrue(m.contains("rgb-8bit-37x23.png") && m.contains("3 colour channels") && m.contains("takes 1")
          && m.contains("strict"), m);
      BufferedImage img = ImageIO.read(RGB.toFile());
      m = message(IllegalArgumentException.class, () -> e.embed(img));
      assertTrue(m.contains("3 colour channels") && m.contains("strict"), m);
    }
    // The same image under the default (convert) policy is fine.
    try (Encoder e = Encoder.load(Models.encoder(Models.TINY_GRAY, 5, dir.resolve("run2")))) {
      assertEquals(e.dim(), e.embed(RGB).length);
    }
  }

  @Test
  void unreadableImageNamesTheFile() throws Exception {
    Path bad = Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
    try (Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1))) {
      String m = message(IOException.class, () -> e.embed(bad));
      assertTrue(m.contains("broken.png"), m);
      m = message(IOException.class, () -> e.embedFiles(List.of(GRAY, bad)));
      assertTrue(m.contains("broken.png"), m);
    }
  }

  @Test
  void closedEncoderThrowsIllegalState() throws Exception {
    Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1));
    e.embed(GRAY);
    e.close();
    e.close();
    String m = message(IllegalStateException.class, () -> e.embed(GRAY));
    assertTrue(m.contains("closed"), m);
  }

  @Test
  void loadsFromRunAndCheckpointDirectoriesToTheSameEmbeddings() throws Exception {
    Path run = dir.resolve("run");
    try (Encoder fromFile = Encoder.load(model, InferenceOptions.cpu().withThreads(1));
        Encoder fromRun = Encoder.load(run, InferenceOptions.cpu().withThreads(1));
        Encoder fromCkpt = Encoder.load(run.resolve("checkpoints/step-000001"), InferenceOptions.cpu().withThreads(1))) {
      float[] a = fromFile.embed(GRAY);
      assertArrayEquals(a, fromRun.embed(GRAY));
      assertArrayEquals(a, fromCkpt.embed(GRAY));
      assertEquals(fromFile.preprocessing(), fromRun.preprocessing());
    }
    String m = message(UserInputException.class, () -> Encoder.load(dir.resolve("nothing-here")));
    assertTrue(m.contains("nothing-here"), m);
    Files.createDirectories(dir.resolve("empty-run"));
    m = message(UserInputException.class, () -> Encoder.load(dir.resolve("empty-run")));
    assertTrue(m.contains("no checkpoint"), m);
  }

  @Test
  void concurrentCallsGiveTheSequentialResults() throws Exception {
    List<Path> images = List.of(GRAY, RGB, Path.of("testdata/images/rgb-16bit-19x27.png"),
        Path.of("testdata/medical-like/chest-16bit.tif"));
    try (Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1))) {
      float[][] expected = e.embedFiles(images);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<float[]>> futures = new ArrayList<>();
        for (int round = 0; round < 8; round++) {
          for (Path p : images) {
            futures.add(pool.submit(() -> e.embed(p)));
          }
        }
        for (int i = 0; i < futures.size(); i++) {
          assertArrayEquals(expected[i % images.size()], futures.get(i).get(), 1e-6f, "call " + i);
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void preprocessingRoundTripsThroughJson() throws Exception {
    try (Encoder e = Encoder.load(model, InferenceOptions.cpu().withThreads(1))) {
      Preprocessing p = e.preprocessing();
      assertEquals(p, Preprocessing.fromJson(p.toJson()));
      Preprocessing w = p.withWindow("percentile:1,99");
      assertEquals(w, Preprocessing.fromJson(w.toJson()));
      assertEquals("percentile:1,99", w.window());
      String bad = message(IllegalArgumentException.class, () -> p.withWindow("percentile:99,1"));
      assertTrue(bad.contains("LO < HI"), bad);
      String m = message(UserInputException.class, () -> Preprocessing.fromJson(p.toJson().replace("\"channels\" : 1", "\"channels\" : 2")));
      assertTrue(m.contains("channels must be 1 or 3"), m);
    }
  }
}
