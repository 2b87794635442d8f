package dev.autodidact.method;

import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.util.Arrays;
import java.util.Comparator;
import java.util.random.RandomGenerator;

/**
 * MAE's per-image random masking, drawn in Java (randomness stays out of the graph so runs and resumes
 * are reproducible): uniform noise per patch, {@code ids_shuffle = argsort(noise)}, the first
 * {@code len_keep = (int)(L·(1 − ratio))} are kept, {@code ids_restore = argsort(ids_shuffle)}.
 */
public final class MaeMasking {
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
    int keep = lenKeep(l, ratio);
    long[] idsKeep = new long[n * keep];
    long[] idsRestore = new long[n * l];
    double[] noise = new double[l];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < l; j++) {
        noise[j] = rng.nextDouble();
      }
      // A stable sort by noise: ties (probability ~0) resolve by index, deterministically.
      Integer[] shuffle = new Integer[l];
      for (int j = 0; j < l; j++) {
        shuffle[j] = j;
      }
      Arrays.sort(shuffle, Comparator.comparingDouble(j -> noise[j]));
      for (int r = 0; r < l; r++) {
        idsRestore[i * l + shuffle[r]] = r;
        if (r < keep) {
          idsKeep[i * keep + r] = shuffle[r];
        }
      }
    }
    return new Ids(n, l, keep, idsKeep, idsRestore);
  }

  /** Draws with a {@link java.util.SplittableRandom} seeded by {@code seed}. */
  public static Ids draw(long seed, int n, int l, double ratio) {
    return draw(new java.util.SplittableRandom(seed), n, l, ratio);
  }
}
