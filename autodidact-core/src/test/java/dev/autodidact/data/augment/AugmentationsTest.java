package dev.autodidact.data.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AugmentationsTest {
  private static FloatImage random(int c, int h, int w, long seed) {
    FloatImage img = new FloatImage(c, h, w);
    SampleRandom r = new SampleRandom(seed);
    for (int i = 0; i < img.size(); i++) {
      img.data()[i] = (float) r.nextDouble();
    }
    return img;
  }

  private static Workspace with(FloatImage img) {
    Workspace ws = new Workspace();
    ws.image().copyFrom(img);
    return ws;
  }

  private static float[] values(FloatImage img) {
    return Arrays.copyOf(img.data(), img.size());
  }

  @Test
  void horizontalFlipMirrorsExactlyAndTwiceIsIdentity() {
    FloatImage src = random(3, 5, 7, 1);
    Workspace ws = with(src);
    new HorizontalFlip(1.0).apply(ws, new SampleRandom(0));
    for (int c = 0; c < 3; c++) {
      for (int y = 0; y < 5; y++) {
        for (int x = 0; x < 7; x++) {
          assertEquals(src.get(c, y, 6 - x), ws.image().get(c, y, x));
        }
      }
    }
    new HorizontalFlip(1.0).apply(ws, new SampleRandom(0));
    assertArrayEquals(values(src), values(ws.image()));
    new HorizontalFlip(0.0).apply(ws, new SampleRandom(0));
    assertArrayEquals(values(src), values(ws.image()));
  }

  @Test
  void verticalFlipMirrorsExactly() {
    FloatImage src = random(2, 6, 4, 2);
    Workspace ws = with(src);
    new VerticalFlip(1.0).apply(ws, new SampleRandom(0));
    for (int c = 0; c < 2; c++) {
      for (int y = 0; y < 6; y++) {
        for (int x = 0; x < 4; x++) {
          assertEquals(src.get(c, 5 - y, x), ws.image().get(c, y, x));
        }
      }
    }
  }

  @Test
  void flipProbabilityIsRespected() {
    FloatImage src = random(1, 4, 4, 3);
    int flipped = 0;
    for (int i = 0; i < 2000; i++) {
      Workspace ws = with(src);
      new HorizontalFlip(0.5).apply(ws, SampleRandom.of(7, 0, i, 0));
      if (ws.image().get(0, 0, 0) != src.get(0, 0, 0)) {
        flipped++;
      }
    }
    assertEquals(1000, flipped, 100);
  }

  @Test
  void randomResizedCropScaleAndRatioStatistics() {
    RandomResizedCrop rrc = RandomResizedCrop.of(32);
    ViewBox box = new ViewBox();
    double sumScale = 0;
    int n = 4000;
    for (int i = 0; i < n; i++) {
      box.reset(100, 80);
      rrc.sample(box, SampleRandom.of(1, 0, i, 0));
      double scale = box.w * box.h / (100.0 * 80);
      double ratio = box.w / box.h;
      assertTrue(scale >= 0.08 - 0.01 && scale <= 1.0 + 1e-9, "scale " + scale);
      assertTrue(box.x >= 0 && box.y >= 0 && box.x + box.w <= 100 + 1e-9 && box.y + box.h <= 80 + 1e-9, box.toString());
      if (scale < 0.6) { // small crops are never clipped by the image, so the ratio range holds
        assertTrue(ratio > 0.7 && ratio < 1.4, "ratio " + ratio);
      }
      assertEquals(32, box.outW);
      assertEquals(32, box.outH);
      sumScale += scale;
    }
    // Uniform area in [0.08, 1] would average 0.54; rejected large crops pull it down a little.
    double mean = sumScale / n;
    assertTrue(mean > 0.42 && mean < 0.56, "mean scale " + mean);
  }

  @Test
  void resampleOfFullBoxAtSameSizeIsIdentity() {
    FloatImage src = random(3, 9, 11, 4);
    Workspace ws = new Workspace();
    ws.box.reset(11, 9);
    ws.resampler.resample(src, ws.box, ws.image());
    assertArrayEquals(values(src), values(ws.image()), 1e-6f);
  }

  @Test
  void resampleKeepsConstantImagesConstantAndValuesInRange() {
    FloatImage src = new FloatImage(1, 50, 60);
    Arrays.fill(src.data(), 0.25f);
    Workspace ws = new Workspace();
    for (Interpolation in : Interpolation.values()) {
      ws.box.reset(60, 50);
      ws.box.outW = 17;
      ws.box.outH = 23;
      ws.box.interpolation = in;
      ws.resampler.resample(src, ws.box, ws.image());
      for (int i = 0; i < ws.image().size(); i++) {
        assertEquals(0.25f, ws.image().data()[i], 1e-6f);
      }
    }
  }

  @Test
  void downsamplingAveragesLikeABoxFilter() {
    // A 1-pixel checkerboard shrunk 4x must become flat grey (antialiasing), not aliased stripes.
    FloatImage src = new FloatImage(1, 64, 64);
    for (int y = 0; y < 64; y++) {
      for (int x = 0; x < 64; x++) {
        src.data()[y * 64 + x] = (x + y) % 2;
      }
    }
    Workspace ws = new Workspace();
    ws.box.reset(64, 64);
    ws.box.outW = 16;
    ws.box.outH = 16;
    ws.resampler.resample(src, ws.box, ws.image());
    for (int i = 0; i < 256; i++) {
      assertEquals(0.5f, ws.image().data()[i], 0.05f);
    }
  }

  @Test
  void blurKeepsTheMeanAndSmooths() {
    FloatImage src = random(3, 32, 32, 5);
    Workspace ws = with(src);
    new GaussianBlur(5, 1.5, 1.5, 1.0).apply(ws, new SampleRandom(0));
    assertEquals(mean(src), mean(ws.image()), 0.01);
    assertTrue(variance(ws.image()) < 0.5 * variance(src), "blur reduces variance");
    // Constant stays constant exactly (normalised kernel, reflect padding).
    FloatImage flat = new FloatImage(1, 10, 10);
    Arrays.fill(flat.data(), 0.7f);
    Workspace w2 = with(flat);
    new GaussianBlur(9, 2.0, 2.0, 1.0).apply(w2, new SampleRandom(0));
    for (int i = 0; i < 100; i++) {
      assertEquals(0.7f, w2.image().data()[i], 1e-5f);
    }
  }

  @Test
  void blurKernelIsTenPercentOfTheSide() {
    assertEquals(23, GaussianBlur.kernelFor(224));
    assertEquals(3, GaussianBlur.kernelFor(28));
    assertEquals(3, GaussianBlur.kernelFor(32));
    assertEquals(13, GaussianBlur.kernelFor(128));
  }

  @Test
  void colorJitterStaysInRangeAndGrayscaleIsGray() {
    FloatImage src = random(3, 16, 16, 6);
    for (int i = 0; i < 50; i++) {
      Workspace ws = with(src);
      new ColorJitter(0.8, 0.8, 0.8, 0.2, 1.0).apply(ws, SampleRandom.of(3, 0, i, 0));
      for (int j = 0; j < ws.image().size(); j++) {
        float v = ws.image().data()[j];
        assertTrue(v >= 0f && v <= 1f, "value " + v);
      }
    }
    Workspace ws = with(src);
    new RandomGrayscale(1.0).apply(ws, new SampleRandom(0));
    for (int p = 0; p < 256; p++) {
      assertEquals(ws.image().data()[p], ws.image().data()[256 + p]);
      assertEquals(ws.image().data()[p], ws.image().data()[512 + p]);
    }
  }

  @Test
  void hueShiftOfAFullTurnIsIdentityAndThirdTurnRotatesPrimaries() {
    FloatImage red = new FloatImage(3, 1, 1);
    red.data()[0] = 1f;
    Color.hue(red, 1f / 3f);
    assertEquals(0f, red.data()[0], 1e-5f);
    assertEquals(1f, red.data()[1], 1e-5f); // red -> green
    assertEquals(0f, red.data()[2], 1e-5f);
    FloatImage src = random(3, 8, 8, 8);
    FloatImage img = src.copy();
    Color.hue(img, 0.5f);
    Color.hue(img, 0.5f);
    assertArrayEquals(values(src), values(img), 1e-5f);
  }

  @Test
  void contrastZeroGivesTheMeanGrey() {
    FloatImage src = random(1, 8, 8, 9);
    FloatImage img = src.copy();
    Color.contrast(img, 0f);
    for (int i = 0; i < 64; i++) {
      assertEquals(mean(src), img.data()[i], 1e-5);
    }
  }

  @Test
  void solarizeInvertsAboveThreshold() {
    FloatImage img = FloatImage.wrap(new float[] {0.1f, 0.5f, 0.9f}, 1, 1, 3);
    Workspace ws = with(img);
    new Solarize(0.5, 1.0).apply(ws, new SampleRandom(0));
    assertArrayEquals(new float[] {0.1f, 0.5f, 0.1f}, values(ws.image()), 1e-6f);
  }

  @Test
  void rotationByNinetyDegreesMovesRightToTop() {
    FloatImage img = new FloatImage(1, 5, 5);
    img.data()[2 * 5 + 4] = 1f; // middle of the right edge
    Workspace ws = with(img);
    RandomRotation.rotate(ws, 90);
    assertEquals(1f, ws.image().get(0, 0, 2), 1e-5f); // counter-clockwise: now top middle
    assertEquals(0f, ws.image().get(0, 2, 4), 1e-5f);
  }

  @Test
  void normalizeWritesStandardisedValuesAtTheOffset() {
    FloatImage img = FloatImage.wrap(new float[] {0.5f, 1f, 0f, 0.25f}, 2, 1, 2);
    FloatBuffer dst = FloatBuffer.allocate(10);
    new Normalize(List.of(0.5, 0.0), List.of(0.25, 0.5)).writeTo(img, dst, 3);
    assertArrayEquals(new float[] {0, 0, 0, 0f, 2f, 0f, 0.5f, 0, 0, 0}, dst.array(), 1e-6f);
  }

  @Test
  void constructorsValidate() {
    assertThrows(IllegalArgumentException.class, () -> new HorizontalFlip(1.5));
    assertThrows(IllegalArgumentException.class, () -> RandomResizedCrop.of(32, 0.5, 0.2));
    assertThrows(IllegalArgumentException.class, () -> RandomResizedCrop.of(0));
    assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(4, 0.1, 2, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new GaussianBlur(3, 2, 1, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new ColorJitter(-1, 0, 0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> new ColorJitter(0, 0, 0, 0.6, 1));
    assertThrows(IllegalArgumentException.class, () -> new Normalize(List.of(0.0), List.of(0.0)));
    assertThrows(IllegalArgumentException.class, () -> new Normalize(List.of(0.0, 1.0), List.of(1.0)));
    assertThrows(IllegalArgumentException.class, () -> new RandomRotation(200, 1));
    assertThrows(IllegalArgumentException.class, () -> new Solarize(2, 1));
    assertThrows(IllegalArgumentException.class, () -> Presets.byName("nope", 32, 3, 1));
  }

  @Test
  void presetsProduceTheRightShapeInRangeDeterministically() {
    FloatImage src = random(3, 40, 50, 10);
    for (String name : Presets.NAMES) {
      Pipeline p = Presets.byName(name, 24, 3, 0.5);
      FloatBuffer a = FloatBuffer.allocate(p.viewSize());
      FloatBuffer b = FloatBuffer.allocate(p.viewSize());
      FloatBuffer c = FloatBuffer.allocate(p.viewSize());
      p.apply(src, 1, 2, 3, 0, new Workspace(), a, 0);
      p.apply(src, 1, 2, 3, 0, new Workspace(), b, 0);
      p.apply(src, 1, 2, 3, 1, new Workspace(), c, 0);
      assertArrayEquals(a.array(), b.array(), name + " is a function of (seed, epoch, index, view)");
      if (!name.equals("eval")) {
        assertFalse(Arrays.equals(a.array(), c.array()), name + ": different views differ");
      } else {
        assertArrayEquals(a.array(), c.array(), "eval is not random");
      }
      for (float v : a.array()) {
        assertTrue(v >= -1e-6f && v <= 1f + 1e-6f, name + " value " + v);
      }
    }
  }

  @Test
  void differentSeedsGiveDifferentViews() {
    FloatImage src = random(1, 28, 28, 11);
    Pipeline p = Presets.simclr(28, 1, 0.5);
    FloatBuffer a = FloatBuffer.allocate(p.viewSize());
    FloatBuffer b = FloatBuffer.allocate(p.viewSize());
    p.apply(src, 1, 0, 0, 0, new Workspace(), a, 0);
    p.apply(src, 2, 0, 0, 0, new Workspace(), b, 0);
    assertNotEquals(Arrays.toString(a.array()), Arrays.toString(b.array()));
  }

  @Test
  void evalResizesAndCentreCrops() {
    // A 20x10 image with a left/right split: eval at 8 resizes to 16x8 and keeps the centre 8x8.
    FloatImage src = new FloatImage(1, 10, 20);
    for (int y = 0; y < 10; y++) {
      for (int x = 0; x < 20; x++) {
        src.data()[y * 20 + x] = x < 10 ? 0f : 1f;
      }
    }
    Pipeline p = Presets.eval(8, 1);
    FloatBuffer out = FloatBuffer.allocate(64);
    p.apply(src, 0, 0, 0, 0, new Workspace(), out, 0);
    assertEquals(0f, out.get(0), 1e-6f); // left column of the crop is left half
    assertEquals(1f, out.get(7), 1e-6f); // right column is right half
  }

  private static double mean(FloatImage img) {
    double s = 0;
    for (int i = 0; i < img.size(); i++) {
      s += img.data()[i];
    }
    return s / img.size();
  }

  private static double variance(FloatImage img) {
    double m = mean(img);
    double s = 0;
    for (int i = 0; i < img.size(); i++) {
      s += (img.data()[i] - m) * (img.data()[i] - m);
    }
    return s / img.size();
  }
}
