package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;

/**
 * Separable resampling of a box of the source straight to the output size, PIL-style: each output pixel
 * is a normalised weighted sum over the source pixels under the filter, and when shrinking the filter is
 * widened by the scale factor (antialiasing, as PIL and torchvision's antialias=True do). Edges are
 * handled by renormalising the weights of the pixels that exist (edge replication in effect).
 *
 * <p>Weight tables and the intermediate rows live in this object and are reused.
 */
final class Resampler {
  private final Table xt = new Table();
  private final Table yt = new Table();
  private float[] tmp = new float[0];

  /** Resamples {@code box} of {@code src} into {@code out} (reshaped to C × outH × outW). */
  void resample(FloatImage src, ViewBox box, FloatImage out) {
    int channels = src.channels();
    int outW = box.outW;
    int outH = box.outH;
    xt.build(src.width(), box.x, box.w, outW, box.interpolation);
    yt.build(src.height(), box.y, box.h, outH, box.interpolation);
    int rowLo = Integer.MAX_VALUE;
    int rowHi = 0;
    for (int i = 0; i < outH; i++) {
      rowLo = Math.min(rowLo, yt.start[i]);
      rowHi = Math.max(rowHi, yt.start[i] + yt.count[i]);
    }
    int rows = rowHi - rowLo;
    int need = channels * rows * outW;
    if (tmp.length < need) {
      tmp = new float[need];
    }
    out.reshape(channels, outH, outW);
    float[] s = src.data();
    float[] o = out.data();
    int sw = src.width();
    int sh = src.height();
    int xk = xt.k;
    int yk = yt.k;
    float[] xw = xt.weights;
    float[] yw = yt.weights;
    for (int c = 0; c < channels; c++) {
      int cBase = c * sh * sw;
      int tBase = c * rows * outW;
      for (int r = 0; r < rows; r++) {
        int srcRow = cBase + (rowLo + r) * sw;
        int tRow = tBase + r * outW;
        for (int x = 0; x < outW; x++) {
          int st = srcRow + xt.start[x];
          int wo = x * xk;
          float acc = 0f;
          for (int k = 0, n = xt.count[x]; k < n; k++) {
            acc += xw[wo + k] * s[st + k];
          }
          tmp[tRow + x] = acc;
        }
      }
      int oBase = c * outH * outW;
      for (int y = 0; y < outH; y++) {
        int oRow = oBase + y * outW;
        int wo = y * yk;
        int first = tBase + (yt.start[y] - rowLo) * outW;
        float w0 = yw[wo];
        for (int x = 0; x < outW; x++) {
          o[oRow + x] = w0 * tmp[first + x];
        }
        for (int k = 1, n = yt.count[y]; k < n; k++) {
          float wk = yw[wo + k];
          int t = first + k * outW;
          for (int x = 0; x < outW; x++) {
            o[oRow + x] += wk * tmp[t + x];
          }
        }
      }
    }
  }

  /** Per output position along one axis: first source pixel, how many, and their weights. */
  private static final class Table {
    int[] start = new int[0];
    int[] count = new int[0];
    float[] weights = new float[0];
    int k;

    void build(int inSize, double in0, double inLen, int outSize, Interpolation f) {
      double scale = inLen / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = f.support * filterScale;
      k = (int) Math.ceil(support) * 2 + 1;
      if (start.length < outSize) {
        start = new int[outSize];
        count = new int[outSize];
      }
      if (weights.length < outSize * k) {
        weights = new float[outSize * k];
      }
      double inv = 1.0 / filterScale;
      for (int i = 0; i < outSize; i++) {
        double center = in0 + (i + 0.5) * scale;
        int lo = Math.max((int) Math.floor(center - support + 0.5), 0);
        int hi = Math.min((int) Math.floor(center + support + 0.5), inSize);
        int n = Math.min(hi - lo, k);
        double sum = 0;
        for (int j = 0; j < n; j++) {
          double wj = f.weight((lo + j - center + 0.5) * inv);
          weights[i * k + j] = (float) wj;
          sum += wj;
        }
        if (n <= 0 || sum <= 0) {
          // Box outside the image (only possible with a crop larger than the image): nearest edge pixel.
          lo = Math.min(Math.max((int) Math.floor(center), 0), inSize - 1);
          n = 1;
          weights[i * k] = 1f;
          sum = 1;
        }
        for (int j = 0; j < n; j++) {
          weights[i * k + j] /= (float) sum;
        }
        start[i] = lo;
        count[i] = n;
      }
    }
  }
}
