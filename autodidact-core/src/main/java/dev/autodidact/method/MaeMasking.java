package dev.autodidact.method;

import dev.autodidact.data.SampleRandom;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.nio.LongBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * MAE's per-image random masking, drawn in Java (randomness stays out of the graph so runs and resumes
 * are reproducible): uniform noise per patch, {@code ids_shuffle = argsort(noise)} (stable), the first
 * {@code len_keep = (int)(L·(1 − ratio))} are kept, {@code ids_restore = argsort(ids_shuffle)}. The one
 * implementation: {@link Sampler} writes into preallocated buffers for the training loop, {@link #draw}
 * wraps it for tests and tools. The ratios a user may ask for are the recipe's
 * ({@code Recipe.Mae.MIN_MASK_RATIO}..{@code MAX_MASK_RATIO}); {@link #lenKeep} only needs one patch kept.
 */
public final class MaeMasking {
  /** The {@code view} slot of {@link SampleRandom#hash} reserved for masks (pixels use views 0 and 1). */
  public static final long MASK_STREAM = 1L << 50;

  private MaeMasking() {}

  /**
   * The index tensors of one batch.
   *
   * @param idsKeep [n, lenKeep] kept patch indices, row-major
   * @param idsRestore [n, l] position of each patch in the shuffled order
   */
  public record Ids(int n, int l, int lenKeep, long[] idsKeep, long[] idsRestore) {
    /** {@code ids_keep} as an int64 tensor [N, len_keep]. */
    public TensorData idsKeepTensor() {
      return TensorData.longs(Shape.of(n, lenKeep), idsKeep);
    }

    /** {@code ids_restore} as an int64 tensor [N, L]. */
    public TensorData idsRestoreTensor() {
      return TensorData.longs(Shape.of(n, l), idsRestore);
    }

    /** mask[i] = 1 if patch i is removed (ids_restore ≥ len_keep), row-major [N, L]. */
    public float[] mask() {
      float[] m = new float[n * l];
      for (int i = 0; i < m.length; i++) {
        m[i] = idsRestore[i] >= lenKeep ? 1f : 0f;
      }
      return m;
    }
  }

  /** Patches kept per image: {@code (int)(L·(1 − ratio))} as in MAE. */
  public static int lenKeep(int l, double ratio) {
    if (!(ratio >= 0 && ratio < 1)) {
      throw new IllegalArgumentException("mask ratio must be in [0, 1), got " + ratio);
    }
    int k = (int) (l * (1 - ratio));
    if (k < 1) {
      throw new IllegalArgumentException("mask ratio " + ratio + " keeps no patch of " + l);
    }
    return k;
  }

  /** Draws masks for {@code n} images of {@code l} patches. */
  public static Ids draw(RandomGenerator rng, int n, int l, double ratio) {
    Sampler s = new Sampler(n, l, ratio);
    long[] idsKeep = new long[n * s.lenKeep()];
    long[] idsRestore = new long[n * l];
    s.draw(rng, LongBuffer.wrap(idsKeep), LongBuffer.wrap(idsRestore));
    return new Ids(n, l, s.lenKeep(), idsKeep, idsRestore);
  }

  /** Draws with a {@link SplittableRandom} seeded by {@code seed}. */
  public static Ids draw(long seed, int n, int l, double ratio) {
    return draw(new SplittableRandom(seed), n, l, ratio);
  }

  /**
   * Draws masks into preallocated buffers, without per-call arrays or boxed indices, so the training loop
   * produces no garbage per step. Not thread-safe: one per loop.
   */
  public static final class Sampler {
    private final int n;
    private final int l;
    private final int keep;
    private final double[] noise;
    private final int[] order;
    private final int[] scratch;

    public Sampler(int n, int l, double ratio) {
      this.n = n;
      this.l = l;
      this.keep = MaeMasking.lenKeep(l, ratio);
      this.noise = new double[l];
      this.order = new int[l];
      this.scratch = new int[l];
    }

    /** Patches kept per image. */
    public int lenKeep() {
      return keep;
    }

    /** Writes {@code ids_keep} [n, len_keep] and {@code ids_restore} [n, l] for {@code seed}, from index 0. */
    public void draw(long seed, LongBuffer idsKeep, LongBuffer idsRestore) {
      draw(new SplittableRandom(seed), idsKeep, idsRestore);
    }

    void draw(RandomGenerator rng, LongBuffer idsKeep, LongBuffer idsRestore) {
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

    /** Stable merge sort of {@code order[from, to)} by noise (ties keep index order). */
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

  /**
   * MAE's drawn inputs for {@code n} images of {@code l} patches: {@code ids_keep} and {@code ids_restore}
   * of the batch at (epoch, position) from the stream {@code hash(seed, epoch, position, MASK_STREAM)}.
   */
  static DrawnInputs inputs(int n, int l, double ratio) {
    Sampler s = new Sampler(n, l, ratio);
    Map<String, Shape> shapes = Map.of(Mae.IDS_KEEP, Shape.of(n, s.lenKeep()), Mae.IDS_RESTORE, Shape.of(n, l));
    return new DrawnInputs() {
      @Override
      public Map<String, Shape> shapes() {
        return shapes;
      }

      @Override
      public void draw(long seed, int epoch, int position, Map<String, LongBuffer> into) {
        s.draw(SampleRandom.hash(seed, epoch, position, MASK_STREAM), into.get(Mae.IDS_KEEP), into.get(Mae.IDS_RESTORE));
      }
    };
  }
}
