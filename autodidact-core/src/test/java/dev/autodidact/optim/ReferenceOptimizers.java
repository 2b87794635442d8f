package dev.autodidact.optim;

import java.util.List;

/**
 * Plain-Java (double precision) optimizers written straight from the PyTorch sources, for checking the
 * graph fragments on random tensors. Arrays are updated in place; {@code decay[i]} per tensor.
 */
final class ReferenceOptimizers {
  private ReferenceOptimizers() {}

  static double globalNorm(List<double[]> grads) {
    double s = 0;
    for (double[] g : grads) {
      for (double x : g) {
        s += x * x;
      }
    }
    return Math.sqrt(s);
  }

  /** clip_grad_norm_: scales in place, returns the norm before clipping. */
  static double clip(List<double[]> grads, Double maxNorm) {
    double n = globalNorm(grads);
    if (maxNorm != null) {
      double c = Math.min(1.0, maxNorm / (n + 1e-6));
      for (double[] g : grads) {
        for (int i = 0; i < g.length; i++) {
          g[i] *= c;
        }
      }
    }
    return n;
  }

  static void sgd(double[] p, double[] g, double[] buf, boolean decay, double lr, double m, double wd) {
    for (int i = 0; i < p.length; i++) {
      double d = g[i] + (decay ? wd * p[i] : 0);
      buf[i] = m * buf[i] + d;
      p[i] -= lr * buf[i];
    }
  }

  static void adamw(double[] p, double[] g, double[] m, double[] v, boolean decay, double lr, int t,
      double b1, double b2, double eps, double wd) {
    double bc1 = 1 - Math.pow(b1, t);
    double bc2 = 1 - Math.pow(b2, t);
    for (int i = 0; i < p.length; i++) {
      if (decay) {
        p[i] *= 1 - lr * wd;
      }
      m[i] = b1 * m[i] + (1 - b1) * g[i];
      v[i] = b2 * v[i] + (1 - b2) * g[i] * g[i];
      p[i] -= lr / bc1 * m[i] / (Math.sqrt(v[i]) / Math.sqrt(bc2) + eps);
    }
  }

  static void lars(double[] p, double[] g, double[] mu, boolean adapt, double lr, double m, double wd, double trust) {
    double[] d = g.clone();
    if (adapt) {
      double pn = 0;
      double dn = 0;
      for (int i = 0; i < p.length; i++) {
        d[i] += wd * p[i];
        pn += p[i] * p[i];
        dn += d[i] * d[i];
      }
      pn = Math.sqrt(pn);
      dn = Math.sqrt(dn);
      double q = pn > 0 && dn > 0 ? trust * pn / dn : 1;
      for (int i = 0; i < d.length; i++) {
        d[i] *= q;
      }
    }
    for (int i = 0; i < p.length; i++) {
      mu[i] = m * mu[i] + d[i];
      p[i] -= lr * mu[i];
    }
  }
}
