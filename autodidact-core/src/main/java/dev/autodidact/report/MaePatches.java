package dev.autodidact.report;

import dev.autodidact.method.MaeLoss;
import dev.autodidact.recipe.Recipe;

/**
 * Patch geometry of MAE's patchify (patches row-major, in-patch order (py, px, c)) in Java, to turn the
 * decoder's per-patch predictions back into pixels.
 */
record MaePatches(int channels, int size, int patch) {
  int grid() {
    return size / patch;
  }

  int dim() {
    return patch * patch * channels;
  }

  /** The image with masked patches (mask 1) set to mid-grey. */
  float[] greyOut(float[] chw, float[] mask) {
    float[] o = chw.clone();
    for (int q = 0; q < mask.length; q++) {
      if (mask[q] > 0.5f) {
        forPatch(q, (c, y, x, k) -> o[(c * size + y) * size + x] = 0.5f);
      }
    }
    return o;
  }

  /**
   * Visible patches from the input, masked ones from {@code pred} ([L, p·p·C] in the model's normalised
   * input space, per-patch normalised when {@code normPix}), returned in [0, 1] pixels.
   */
  float[] reconstruct(float[] chw, float[] pred, float[] mask, boolean normPix, Recipe.Input in) {
    float[] o = chw.clone();
    int d = dim();
    for (int q = 0; q < mask.length; q++) {
      if (mask[q] <= 0.5f) {
        continue;
      }
      double mean = 0;
      double var = 0;
      if (normPix) { // the target patch's statistics in normalised input space, as MAE's visualisation does
        double[] t = new double[d];
        forPatch(q, (c, y, x, k) -> t[k] = (chw[(c * size + y) * size + x] - in.mean().get(c)) / in.std().get(c));
        for (double v : t) {
          mean += v / d;
        }
        for (double v : t) {
          var += (v - mean) * (v - mean) / (d - 1);
        }
      }
      final double m0 = mean;
      final double s0 = normPix ? Math.sqrt(var + MaeLoss.NORM_PIX_EPS) : 1;
      final int base = q * d;
      forPatch(q, (c, y, x, k) -> {
        double z = pred[base + k] * s0 + m0; // normalised input space
        double px = z * in.std().get(c) + in.mean().get(c);
        o[(c * size + y) * size + x] = (float) Math.max(0, Math.min(1, px));
      });
    }
    return o;
  }

  private interface PixelOp {
    void at(int c, int y, int x, int k);
  }

  /** Visits patch q's pixels; k is the index inside the patch vector (py, px, c). */
  private void forPatch(int q, PixelOp op) {
    int gy = q / grid();
    int gx = q % grid();
    for (int py = 0; py < patch; py++) {
      for (int px = 0; px < patch; px++) {
        for (int c = 0; c < channels; c++) {
          op.at(c, gy * patch + py, gx * patch + px, (py * patch + px) * channels + c);
        }
      }
    }
  }
}
