package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Window} syntax, the fixed window on ordinary images, and {@link DatasetStats}. */
class WindowAndStatsTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"none", "dicom", "percentile:0.5,99.5", "fixed:40,400", "fixed:-600,1500.5"})
  void specsRoundTrip(String spec) {
    assertEquals(spec, Window.parse(spec).toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "auto", "percentile:5", "percentile:50,10", "percentile:-1,50", "fixed:40,0", "fixed:a,b", "none:1,2"})
  void badSpecsNameTheSyntax(String spec) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Window.parse(spec));
    assertTrue(e.getMessage().contains("window"), e.getMessage());
  }

  @Test
  void linearIsTheDicomFormula() {
    // PS3.3 C.11.2.1.2.1 with c = 40, w = 400: 0 at or below c - 0.5 - (w-1)/2 = -160, 1 above 239.
    assertEquals(0f, Window.linear(-160, 40, 400));
    assertEquals(1f / 399 / 2, Window.linear(-159.5, 40, 400), 1e-6f);
    assertEquals(1f, Window.linear(239.5, 40, 400));
    assertEquals(0.5f, Window.linear(39.5, 40, 400), 1e-6f);
  }

  @Test
  void fixedWindowAppliesToRawSixteenBitValues() throws Exception {
    BufferedImage img = new BufferedImage(4, 1, BufferedImage.TYPE_USHORT_GRAY);
    int[] v = {0, 999, 1500, 4000};
    img.getRaster().setPixels(0, 0, 4, 1, v);
    Path f = Fixtures.write(img, "png", dir.resolve("x.png"));
    FloatImage out = new FloatImage();
    new ImageDecoder(DecodeOptions.of(1).withWindow(Window.fixed(1500, 1001))).decode(f, out);
    assertEquals(0f, out.get(0, 0, 0));
    assertEquals(0f, out.get(0, 0, 1));
    assertEquals(0.5f, out.get(0, 0, 2), 1e-3f);
    assertEquals(1f, out.get(0, 0, 3));
  }

  @Test
  void statsAreTheMeanAndStdOfTheDecodedPixels() {
    Dataset d = Datasets.open(Fixtures.FASHION, Datasets.Options.of(1));
    DatasetStats all = DatasetStats.compute(Datasets.open(Fixtures.FASHION, Datasets.Options.of(1)), 100_000, 0, 2);
    assertEquals(d.size(), all.sampled());
    // The Fashion-MNIST training mean/std are 0.2860/0.3530 (the recipes' values); the sample is close.
    assertEquals(0.286, all.mean().get(0), 0.01);
    assertEquals(0.353, all.std().get(0), 0.01);
    DatasetStats some = DatasetStats.compute(d, 200, 7, 2);
    assertEquals(200, some.sampled());
    assertEquals(some, DatasetStats.compute(d, 200, 7, 1));
    assertTrue(Math.abs(some.mean().get(0) - all.mean().get(0)) < 0.05);
    assertTrue(some.recipeSnippet().matches("\"mean\": \\[0\\.\\d{4}], \"std\": \\[0\\.\\d{4}]"), some.recipeSnippet());
  }
}
