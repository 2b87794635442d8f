package dev.autodidact.data.augment;

import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;

/**
 * Gaussian blur with σ drawn uniformly from [minSigma, maxSigma], applied with probability {@code p}:
 * SimCLR (Chen et al. 2020, appendix A: kernel 10 % of the image side, σ ∈ [0.1, 2.0], p = 0.5),
 * computed like torchvision's {@code GaussianBlur} (separable kernel sampled at integer offsets and
 * normalised, reflect padding).
 *
 * @param kernelSize odd, ≥ 1
 * @param minSigma &gt; 0
 * @param maxSigma ≥ minSigma
 * @param p probability in [0, 1]
 */
public record GaussianBlur(int kernelSize, double minSigma, double maxSigma, double p) implements PixelTransform {
  public static final double DEFAULT_MIN_SIGMA = 0.1;
  public static final double DEFAULT_MAX_SIGMA = 2.0;
  public static final double SIMCLR_P = 0.5;

  public GaussianBlur {
    if (kernelSize < 1 || kernelSize % 2 == 0) {
      throw new IllegalArgumentException("kernelSize must be odd and positive, got " + kernelSize);
    }
    if (!(minSigma > 0 && minSigma <= maxSigma && Double.isFinite(maxSigma))) {
      throw new IllegalArgumentException("need 0 < minSigma <= maxSigma, got " + minSigma + ", " + maxSigma);
    }
    Checks.probability(p);
  }

  /** SimCLR's blur for {@code size}-pixel views: kernel ≈ 10 % of the side (odd, ≥ 3), p = 0.5. */
  public static GaussianBlur forSize(int size, double p) {
    return new GaussianBlur(kernelFor(size), DEFAULT_MIN_SIGMA, DEFAULT_MAX_SIGMA, p);
  }

  /** The odd kernel nearest to 10 % of {@code size}, at least 3. */
  public static int kernelFor(int size) {
    int k = (int) Math.round(0.1 * size);
    if (k % 2 == 0) {
      k += 1;
    }
    return Math.max(3, k);
  }

  @Override
  public void apply(Workspace ws, SampleRandom rng) {
    if (!rng.chance(p)) {
      return;
    }
    blur(ws, (float) rng.uniform(minSigma, maxSigma));
  }

  /**
   * Blurs {@code ws.image()} in place with this kernel size and {@code sigma}. Taps beyond 6σ (relative
   * weight below 2e-8, invisible in float32) are dropped: with σ ≤ 2 a 23-tap kernel shrinks to 13 at
   * most and to 3 for small σ, a 2–4× saving at 224 px that leaves the result unchanged.
   */
  void blur(Workspace ws, float sigma) {
    int r = Math.min(kernelSize / 2, (int) Math.ceil(6.0 * sigma));
    int k = 2 * r + 1;
    float[] kern = ws.kernel(k);
    double sum = 0;
    for (int t = 0; t < k; t++) {
      double x = (t - r) / (double) sigma;
      kern[t] = (float) Math.exp(-0.5 * x * x);
      sum += kern[t];
    }
    for (int t = 0; t < k; t++) {
      kern[t] /= (float) sum;
    }
    FloatImage img = ws.image();
    int c = img.channels();
    int h = img.height();
    int w = img.width();
    FloatImage out = ws.spare().reshape(c, h, w);
    float[] s = img.data();
    float[] o = out.data();
    float[] pad = ws.row(w + 2 * r);
    for (int row = 0; row < c * h; row++) {
      int base = row * w;
      for (int i = -r; i < w + r; i++) {
        pad[i + r] = s[base + reflect(i, w)];
      }
      float k0 = kern[0];
      for (int x = 0; x < w; x++) {
        o[base + x] = k0 * pad[x];
      }
      for (int t = 1; t < k; t++) {
        float kt = kern[t];
        for (int x = 0; x < w; x++) {
          o[base + x] += kt * pad[x + t];
        }
      }
    }
    // Vertical pass back into the image.
    for (int ch = 0; ch < c; ch++) {
      int plane = ch * h * w;
      for (int y = 0; y < h; y++) {
        int dst = plane + y * w;
        int src0 = plane + reflect(y - r, h) * w;
        float k0 = kern[0];
        for (int x = 0; x < w; x++) {
          s[dst + x] = k0 * o[src0 + x];
        }
        for (int t = 1; t < k; t++) {
          float kt = kern[t];
          int src = plane + reflect(y - r + t, h) * w;
          for (int x = 0; x < w; x++) {
            s[dst + x] += kt * o[src + x];
          }
        }
      }
    }
  }

  /** Reflect padding without repeating the edge (numpy/torch "reflect"). */
  static int reflect(int i, int n) {
    if (n == 1) {
      return 0;
    }
    int period = 2 * (n - 1);
    i = Math.floorMod(i, period);
    return i < n ? i : period - i;
  }
}
