package dev.autodidact.data.dicom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.BadImageException;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.ImageInfo;
import dev.autodidact.data.Window;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture of {@code testdata/dicom} (written by {@code tools/dicom/make_fixtures.py}) decodes to the
 * values pydicom gives after rescale and window, and the unusable ones are refused with their reason.
 */
class DicomFixturesTest {
  static final Path DIR = Path.of("testdata/dicom");
  static final Path REF = Path.of("testdata/dicom-reference");

  static JsonNode fixtures() throws Exception {
    return new ObjectMapper().readTree(REF.resolve("fixtures.json").toFile());
  }

  static Stream<JsonNode> decodable() throws Exception {
    List<JsonNode> l = new ArrayList<>();
    fixtures().get("decode").forEach(l::add);
    return l.stream();
  }

  static Stream<JsonNode> refused() throws Exception {
    List<JsonNode> l = new ArrayList<>();
    fixtures().get("refuse").forEach(l::add);
    return l.stream();
  }

  static float[] reference(String name, int n) throws Exception {
    ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(REF.resolve(name))).order(ByteOrder.LITTLE_ENDIAN);
    assertEquals(4L * n, b.capacity(), name);
    float[] f = new float[n];
    b.asFloatBuffer().get(f);
    return f;
  }

  static FloatImage decode(String file, String window, int channels) throws Exception {
    FloatImage img = new FloatImage();
    new ImageDecoder(new DecodeOptions(channels, DecodeOptions.DEFAULT_MAX_PIXELS, Window.parse(window)))
        .decode(DIR.resolve(file), img);
    return img;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("decodable")
  void decodesToThePydicomReference(JsonNode f) throws Exception {
    int c = f.get("channels").asInt();
    int h = f.get("height").asInt();
    int w = f.get("width").asInt();
    FloatImage img = decode(f.get("file").asText(), f.get("window").asText(), c);
    assertEquals(c, img.channels());
    assertEquals(h, img.height());
    assertEquals(w, img.width());
    float[] ref = reference(f.get("reference").asText(), c * h * w);
    double tol = f.get("tolerance").asDouble();
    double worst = 0;
    for (int i = 0; i < ref.length; i++) {
      worst = Math.max(worst, Math.abs(ref[i] - img.data()[i]));
    }
    assertTrue(worst <= tol, f.get("file").asText() + " " + f.get("window").asText() + ": max |diff| " + worst + " > " + tol);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("refused")
  void unusableFilesAreRefusedWithTheirReason(JsonNode f) throws Exception {
    BadImageException e = assertThrows(BadImageException.class, () -> decode(f.get("file").asText(), "dicom", 1));
    assertTrue(e.reason().contains(f.get("reason").asText()), e.reason());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void monochrome1IsInverted() throws Exception {
    FloatImage m1 = decode("explicit-le-mono1-12bit.dcm", "none", 1);
    FloatImage m2 = decode("explicit-le-mono2-12bit.dcm", "none", 1);
    assertEquals(m2.size(), m1.size());
    boolean varied = false;
    for (int i = 0; i < m1.size(); i++) {
      assertEquals(1f, m1.data()[i] + m2.data()[i], 1e-6f);
      varied |= m2.data()[i] > 0.2f && m2.data()[i] < 0.8f;
    }
    assertTrue(varied, "the fixture spans the range");
  }

  @Test
  void headerSummaryNamesSyntaxModalityPhotometricAndDepth() throws Exception {
    ImageInfo info = new ImageDecoder(DecodeOptions.of(1)).probe(DIR.resolve("jpeg-lossless-mono2-12bit.dcm"));
    assertEquals("dicom", info.format());
    assertEquals(new ImageInfo.Dicom("JPEG lossless SV1", "DX", "MONOCHROME2", 12, false, 1), info.dicom());
    ImageInfo multi = new ImageDecoder(DecodeOptions.of(1)).probe(DIR.resolve("explicit-le-multiframe.dcm"));
    assertEquals(3, multi.dicom().frames());
  }

  @Test
  void greyBecomesRgbAndRgbBecomesGrey() throws Exception {
    FloatImage grey3 = decode("explicit-le-mono2-8bit.dcm", "dicom", 3);
    assertEquals(3, grey3.channels());
    assertEquals(grey3.get(0, 7, 9), grey3.get(2, 7, 9));
    FloatImage rgb1 = decode("explicit-le-rgb.dcm", "dicom", 1);
    FloatImage rgb3 = decode("explicit-le-rgb.dcm", "dicom", 3);
    float luma = 0.299f * rgb3.get(0, 3, 4) + 0.587f * rgb3.get(1, 3, 4) + 0.114f * rgb3.get(2, 3, 4);
    assertEquals(luma, rgb1.get(0, 3, 4), 1e-6f);
  }

  @Test
  void pixelLimitIsCheckedFromTheHeader() {
    BadImageException e = assertThrows(BadImageException.class, () -> new ImageDecoder(DecodeOptions.of(1).withMaxPixels(100))
        .decode(DIR.resolve("explicit-le-mono2-12bit.dcm"), new FloatImage()));
    assertTrue(e.reason().contains("over the limit"), e.reason());
  }

  @Test
  void noMessageCarriesAnIdentifier() throws Exception {
    List<String> ids = FakeIdentifiers.all();
    try (Stream<Path> files = Files.list(DIR)) {
      for (Path p : files.filter(Files::isRegularFile).toList()) {
        String said;
        try {
          said = new ImageDecoder(DecodeOptions.of(1)).decode(p, new FloatImage()).toString();
        } catch (BadImageException e) {
          said = e.getMessage();
        }
        for (String id : ids) {
          assertFalse(said.contains(id), p + " leaked an identifier: " + said);
        }
      }
    }
  }
}
