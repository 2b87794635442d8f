package dev.autodidact.eval;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS (Nocedal &amp; Wright, algorithms 7.4–7.5) with a backtracking Armijo line search,
 * for smooth convex objectives. Deterministic: no randomness, and the objective is expected to be
 * deterministic too. Commons Math 3 has no quasi-Newton optimizer, so this is ours.
 */
final class Lbfgs {
  /** f(x), with the gradient written into {@code grad}. */
  interface Objective {
    double evaluate(double[] x, double[] grad);
  }

  /** Where the search ended. */
  record Result(double[] x, double value, double gradMax, int iterations, boolean converged) {}

  private static final int MEMORY = 10;
  private static final double ARMIJO = 1e-4;

  private Lbfgs() {}

  /**
   * Minimises {@code f} from {@code x0} until the largest gradient component is below {@code gradTol},
   * the objective stops decreasing (relative change below 1e-14), or {@code maxIter} iterations.
   */
  static Result minimize(Objective f, double[] x0, double gradTol, int maxIter) {
    int n = x0.length;
    double[] x = x0.clone();
    double[] g = new double[n];
    double fx = f.evaluate(x, g);
    Deque<double[][]> hist = new ArrayDeque<>(); // {s, y, {rho}}
    double[] d = new double[n];
    double[] xNew = new double[n];
    double[] gNew = new double[n];
    int it = 0;
    while (true) {
      double gmax = maxAbs(g);
      if (gmax <= gradTol) {
        return new Result(x, fx, gmax, it, true);
      }
      if (it >= maxIter) {
        return new Result(x, fx, gmax, it, false);
      }
      direction(g, hist, d);
      double slope = dot(g, d);
      if (slope >= 0) { // not a descent direction (numerical trouble): restart from steepest descent
        hist.clear();
        for (int i = 0; i < n; i++) {
          d[i] = -g[i];
        }
        slope = dot(g, d);
      }
      double step = hist.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(-slope)) : 1.0;
      double fNew;
      int tries = 0;
      while (true) {
        for (int i = 0; i < n; i++) {
          xNew[i] = x[i] + step * d[i];
        }
        fNew = f.evaluate(xNew, gNew);
        if (fNew <= fx + ARMIJO * step * slope || ++tries > 60) {
          break;
        }
        step *= 0.5;
      }
      if (!(fNew <= fx)) { // the line search failed: x is as good as we can resolve
        return new Result(x, fx, gmax, it, gmax <= gradTol * 100);
      }
      double[] s = new double[n];
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        s[i] = xNew[i] - x[i];
        y[i] = gNew[i] - g[i];
      }
      double sy = dot(s, y);
      if (sy > 1e-12 * dot(y, y)) { // keep the inverse-Hessian estimate positive definite
        hist.addLast(new double[][] {s, y, {1.0 / sy}});
        if (hist.size() > MEMORY) {
          hist.removeFirst();
        }
      }
      double change = fx - fNew;
      System.arraycopy(xNew, 0, x, 0, n);
      System.arraycopy(gNew, 0, g, 0, n);
      fx = fNew;
      it++;
      if (change <= 1e-14 * Math.max(1.0, Math.abs(fx)) && maxAbs(g) <= gradTol * 100) {
        return new Result(x, fx, maxAbs(g), it, true);
      }
    }
  }

  /** d = −H·g by the two-loop recursion. */
  private static void direction(double[] g, Deque<double[][]> hist, double[] d) {
    int n = g.length;
    for (int i = 0; i < n; i++) {
      d[i] = -g[i];
    }
    int m = hist.size();
    double[] alpha = new double[m];
    int k = m - 1;
    for (Iterator<double[][]> it = hist.descendingIterator(); it.hasNext(); k--) {
      double[][] e = it.next();
      alpha[k] = e[2][0] * dot(e[0], d);
      axpy(-alpha[k], e[1], d);
    }
    if (m > 0) {
      double[][] last = hist.getLast();
      double gamma = 1.0 / (last[2][0] * dot(last[1], last[1]));
      for (int i = 0; i < n; i++) {
        d[i] *= gamma;
      }
    }
    k = 0;
    for (double[][] e : hist) {
      double beta = e[2][0] * dot(e[1], d);
      axpy(alpha[k] - beta, e[0], d);
      k++;
    }
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < x.length; i++) {
      y[i] += a * x[i];
    }
  }

  private static double maxAbs(double[] v) {
    double m = 0;
    for (double x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }
}
