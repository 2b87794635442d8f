package dev.autodidact.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Per-channel mean and standard deviation of a dataset's pixels after decoding and windowing (what a
 * recipe's {@code input.mean}/{@code input.std} should be), over every image or, on large sets, a
 * seeded random sample of them. Pixels are weighted equally (an image counts by its size), as
 * torchvision's usual recipe does.
 *
 * <p>Usage: {@code DatasetStats s = DatasetStats.compute(dataset, DatasetStats.DEFAULT_SAMPLE, 0, 2);}
 *
 * @param images images in the dataset
 * @param sampled images decoded for the statistics
 * @param unreadable sampled images that could not be decoded (left out)
 * @param mean per channel
 * @param std per channel (population standard deviation)
 */
public record DatasetStats(int images, int sampled, int unreadable, List<Double> mean, List<Double> std) {
  /** Images decoded at most: the mean of 2,000 images is within about 1 % of the full set's on radiographs. */
  public static final int DEFAULT_SAMPLE = 2000;

  public DatasetStats {
    mean = List.copyOf(mean);
    std = List.copyOf(std);
  }

  /**
   * Decodes {@code min(sample, size)} images chosen with {@code seed} (all of them when the set is no
   * larger) on {@code threads} threads.
   *
   * @throws DataException when no sampled image is readable
   */
  public static DatasetStats compute(Dataset ds, int sample, long seed, int threads) {
    if (sample <= 0 || threads <= 0) {
      throw new IllegalArgumentException("sample and threads must be positive");
    }
    int[] idx = pick(ds.size(), sample, seed);
    int c = ds.channels();
    ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "autodidact-stats");
      t.setDaemon(true);
      return t;
    });
    try {
      ThreadLocal<ImageDecoder> decoders = ThreadLocal.withInitial(() -> new ImageDecoder(ds.decodeOptions()));
      ThreadLocal<FloatImage> images = ThreadLocal.withInitial(FloatImage::new);
      List<Future<double[]>> parts = new ArrayList<>();
      for (int i : idx) {
        parts.add(pool.submit(() -> {
          FloatImage img = images.get();
          try {
            ds.load(i, decoders.get(), img);
          } catch (BadImageException e) {
            return null;
          }
          return sums(img, c);
        }));
      }
      double[] total = new double[2 * c + 1];
      int bad = 0;
      for (Future<double[]> f : parts) {
        double[] s = f.get();
        if (s == null) {
          bad++;
          continue;
        }
        for (int k = 0; k < total.length; k++) {
          total[k] += s[k];
        }
      }
      if (total[2 * c] == 0) {
        throw new DataException("no readable image among the " + idx.length + " sampled for statistics");
      }
      List<Double> mean = new ArrayList<>();
      List<Double> std = new ArrayList<>();
      double n = total[2 * c];
      for (int k = 0; k < c; k++) {
        double m = total[k] / n;
        mean.add(m);
        std.add(Math.sqrt(Math.max(0, total[c + k] / n - m * m)));
      }
      return new DatasetStats(ds.size(), idx.length, bad, mean, std);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataException("statistics interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("statistics failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** [sum per channel, sum of squares per channel, pixels per channel], each image's in double. */
  private static double[] sums(FloatImage img, int c) {
    double[] s = new double[2 * c + 1];
    float[] d = img.data();
    int plane = img.plane();
    for (int k = 0; k < c; k++) {
      double sum = 0;
      double sq = 0;
      for (int i = k * plane, end = i + plane; i < end; i++) {
        double v = d[i];
        sum += v;
        sq += v * v;
      }
      s[k] = sum;
      s[c + k] = sq;
    }
    s[2 * c] = plane;
    return s;
  }

  /** {@code min(sample, n)} distinct indices in increasing order, a seeded partial Fisher–Yates. */
  static int[] pick(int n, int sample, long seed) {
    int k = Math.min(n, sample);
    int[] all = new int[n];
    for (int i = 0; i < n; i++) {
      all[i] = i;
    }
    if (k < n) {
      Random r = new Random(seed);
      for (int i = 0; i < k; i++) {
        int j = i + r.nextInt(n - i);
        int t = all[i];
        all[i] = all[j];
        all[j] = t;
      }
    }
    int[] out = java.util.Arrays.copyOf(all, k);
    java.util.Arrays.sort(out);
    return out;
  }

  /** The recipe snippet: {@code "mean": [0.4812], "std": [0.2417]} with four decimals. */
  public String recipeSnippet() {
    return "\"mean\": " + list(mean) + ", \"std\": " + list(std);
  }

  private static String list(List<Double> v) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < v.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "%.4f", v.get(i)));
    }
    return sb.append(']').toString();
  }
}
