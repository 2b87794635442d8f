package dev.autodidact.train;

import dev.autodidact.method.MaeMasking;
import java.nio.LongBuffer;
import java.util.SplittableRandom;

/**
 * Draws MAE masks into preallocated buffers: the same numbers as {@link MaeMasking#draw(long, int, int,
 * double)} (uniform noise per patch from a {@link SplittableRandom}, stable argsort, keep the first
 * {@code len_keep}), without its per-call arrays and boxed indices, so the training loop does not
 * produce garbage per step. Not thread-safe: one per loop.
 */
final class MaskSampler {
  private final int n;
  private final int l;
  private final int keep;
  private final double[] noise;
  private final int[] order;
  private final int[] scratch;

  MaskSampler(int n, int l, double ratio) {
    this.n = n;
    this.l = l;
    this.keep = MaeMasking.lenKeep(l, ratio);
    this.noise = new double[l];
    this.order = new int[l];
    this.scratch = new int[l];
  }

  int lenKeep() {
    return keep;
  }

  /** Writes {@code ids_keep} [n, len_keep] and {@code ids_restore} [n, l] for {@code seed}, from index 0. */
  void draw(long seed, LongBuffer idsKeep, LongBuffer idsRestore) {
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < l; j++) {
        noise[j] = rng.nextDouble();
        order[j] = j;
      }
      sort(0, l);
      for (int r = 0; r < l; r++) {
        idsRestore.put(i * l + order[r], r);
        if (r < keep) {
          idsKeep.put(i * keep + r, order[r]);
        }
      }
    }
  }

  /** Stable merge sort of {@code order[from, to)} by noise (ties keep index order, as TimSort does). */
  private void sort(int from, int to) {
    if (to - from < 2) {
      return;
    }
    int mid = (from + to) >>> 1;
    sort(from, mid);
    sort(mid, to);
    int a = from;
    int b = mid;
    int k = from;
    while (a < mid && b < to) {
      scratch[k++] = noise[order[b]] < noise[order[a]] ? order[b++] : order[a++];
    }
    while (a < mid) {
      scratch[k++] = order[a++];
    }
    while (b < to) {
      scratch[k++] = order[b++];
    }
    System.arraycopy(scratch, from, order, from, to - from);
  }
}
