package dev.autodidact.data;

/**
 * Counter-based random numbers: a SplitMix64 stream whose start is a hash of (seed, epoch, sample
 * index, view).
 *
 * <p>Why not {@link java.util.Random} or a shared generator: the pixels of a view must depend only on
 * those four numbers, never on which thread produced it or in what order, so that a run is
 * reproducible for any thread count and a resume is exact. Reseeding a per-thread instance also avoids
 * allocating a generator per sample. SplitMix64 is the generator behind {@link
 * java.util.SplittableRandom}; its output function is a strong 64-bit mixer, so neighbouring seeds give
 * unrelated streams. Not thread-safe: one instance per thread.
 */
public final class SampleRandom {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;
  private long state;

  /** A stream started from {@code seed} alone. */
  public SampleRandom(long seed) {
    this.state = mix64(seed);
  }

  /** A stream for one (seed, epoch, index, view). */
  public static SampleRandom of(long seed, long epoch, long index, long view) {
    return new SampleRandom(0).reseed(seed, epoch, index, view);
  }

  /** Restarts this stream at the hash of the four numbers; returns {@code this}. */
  public SampleRandom reseed(long seed, long epoch, long index, long view) {
    state = hash(seed, epoch, index, view);
    return this;
  }

  /** The hash used by {@link #reseed}: each part goes through the mixer so no two parts can cancel. */
  public static long hash(long seed, long epoch, long index, long view) {
    long h = mix64(seed ^ 0x5851F42D4C957F2DL);
    h = mix64(h + GOLDEN + mix64(epoch));
    h = mix64(h + 2 * GOLDEN + mix64(index));
    return mix64(h + 3 * GOLDEN + mix64(view));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  public long nextLong() {
    state += GOLDEN;
    return mix64(state);
  }

  /** Uniform in [0, 1). */
  public double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /** Uniform in [lo, hi). */
  public double uniform(double lo, double hi) {
    return lo + (hi - lo) * nextDouble();
  }

  /** True with probability {@code p}. Always draws, so the stream position never depends on p. */
  public boolean chance(double p) {
    return nextDouble() < p;
  }

  /** Uniform in [0, bound), unbiased (rejection on the top range). */
  public int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive: " + bound);
    }
    long limit = (1L << 31) - ((1L << 31) % bound);
    while (true) {
      long r = nextLong() >>> 33;
      if (r < limit) {
        return (int) (r % bound);
      }
    }
  }

  /** Fisher–Yates shuffle of {@code a} in place. */
  public void shuffle(int[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
