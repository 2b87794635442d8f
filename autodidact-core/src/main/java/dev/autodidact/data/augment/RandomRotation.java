package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * Rotates about the centre by an angle drawn uniformly from [−degrees, degrees], bilinear, filling
 * uncovered corners with 0: torchvision {@code RandomRotation} (positive angles counter-clockwise).
 * Small angles (≈10°) are a standard chest-X-ray augmentation (e.g. MoCo-CXR, Sowrirajan et al. 2021).
 *
 * @param degrees maximum absolute angle, in [0, 180]
 * @param p probability in [0, 1]
 */
public record RandomRotation(double degrees, double p) implements PixelTransform {
  public static final double XRAY_DEGREES = 10.0;

  public RandomRotation {
    if (!(degrees >= 0 && degrees <= 180)) {
      throw new IllegalArgumentException("degrees must be in [0, 180], got " + degrees);
    }
    Checks.probability(p);
  }

  @Override
  public void apply(Workspace ws, SampleRandom rng) {
    if (!rng.chance(p)) {
      return;
    }
    rotate(ws, rng.uniform(-degrees, degrees));
  }

  static void rotate(Workspace ws, double angleDegrees) {
    FloatImage img = ws.image();
    int c = img.channels();
    int h = img.height();
    int w = img.width();
    FloatImage out = ws.spare().reshape(c, h, w);
    float[] s = img.data();
    float[] o = out.data();
    double a = Math.toRadians(angleDegrees);
    double cos = Math.cos(a);
    double sin = Math.sin(a);
    double cx = (w - 1) * 0.5;
    double cy = (h - 1) * 0.5;
    int plane = h * w;
    for (int y = 0; y < h; y++) {
      double dy = y - cy;
      for (int x = 0; x < w; x++) {
        double dx = x - cx;
        // Inverse map: rotate the output point back by the angle (counter-clockwise on screen, y down).
        double sx = cos * dx - sin * dy + cx;
        double sy = sin * dx + cos * dy + cy;
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        float fx = (float) (sx - x0);
        float fy = (float) (sy - y0);
        int idx = y * w + x;
        for (int ch = 0; ch < c; ch++) {
          int base = ch * plane;
          float v00 = at(s, base, w, h, x0, y0);
          float v01 = at(s, base, w, h, x0 + 1, y0);
          float v10 = at(s, base, w, h, x0, y0 + 1);
          float v11 = at(s, base, w, h, x0 + 1, y0 + 1);
          float top = v00 + fx * (v01 - v00);
          float bottom = v10 + fx * (v11 - v10);
          o[base + idx] = top + fy * (bottom - top);
        }
      }
    }
    ws.swap();
  }

  private static float at(float[] s, int base, int w, int h, int x, int y) {
    return x < 0 || y < 0 || x >= w || y >= h ? 0f : s[base + y * w + x];
  }
}
