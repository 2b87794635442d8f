package dev.autodidact.data.loader;

import dev.autodidact.UserInputException;

/**
 * How a {@link DataLoader} batches and prefetches.
 *
 * @param batchSize images per batch (B)
 * @param views views per image: 2 for SimCLR ({@code [2B, C, H, W]}, rows i and i + B are the two
 *     views of one image), 1 otherwise
 * @param threads worker threads that decode and augment
 * @param prefetch batches prepared ahead of the consumer; the pool holds {@code prefetch + 1} buffers
 * @param seed the run's seed; with the epoch it fixes the order and every pixel
 * @param shuffle shuffle each epoch (training) or keep dataset order (evaluation)
 * @param dropLast drop the last incomplete batch (training), or deliver it smaller (evaluation)
 * @param maxBadShare stop with an error when more than this share of the dataset is unreadable
 * @param cacheBytes keep decoded images up to this many bytes so later epochs only augment (0: off);
 *     not used for datasets that are already in memory (IDX)
 */
public record LoaderOptions(
    int batchSize,
    int views,
    int threads,
    int prefetch,
    long seed,
    boolean shuffle,
    boolean dropLast,
    double maxBadShare,
    long cacheBytes) {
  public static final int DEFAULT_PREFETCH = 2;
  public static final double DEFAULT_MAX_BAD_SHARE = 0.10;
  public static final long DEFAULT_CACHE_BYTES = 1L << 30;

  public LoaderOptions {
    if (batchSize <= 0) {
      throw new UserInputException("batch size must be positive, got " + batchSize);
    }
    if (views != 1 && views != 2) {
      throw new UserInputException("views must be 1 or 2, got " + views);
    }
    if (threads <= 0) {
      throw new UserInputException("threads must be positive, got " + threads);
    }
    if (prefetch <= 0) {
      throw new UserInputException("prefetch must be positive, got " + prefetch);
    }
    if (!(maxBadShare >= 0 && maxBadShare <= 1)) {
      throw new UserInputException("maxBadShare must be in [0, 1], got " + maxBadShare);
    }
    if (cacheBytes < 0) {
      throw new UserInputException("cacheBytes must be >= 0, got " + cacheBytes);
    }
  }

  /** Training defaults: shuffle, drop-last, prefetch 2, 10 % bad files tolerated, 1 GiB cache. */
  public static LoaderOptions training(int batchSize, int views, int threads, long seed) {
    return new LoaderOptions(batchSize, views, threads, DEFAULT_PREFETCH, seed, true, true, DEFAULT_MAX_BAD_SHARE, DEFAULT_CACHE_BYTES);
  }

  /** Evaluation defaults: one view, dataset order, every sample (last batch may be smaller). */
  public static LoaderOptions evaluation(int batchSize, int threads) {
    return new LoaderOptions(batchSize, 1, threads, DEFAULT_PREFETCH, 0, false, false, DEFAULT_MAX_BAD_SHARE, DEFAULT_CACHE_BYTES);
  }

  public LoaderOptions withPrefetch(int p) {
    return new LoaderOptions(batchSize, views, threads, p, seed, shuffle, dropLast, maxBadShare, cacheBytes);
  }

  public LoaderOptions withThreads(int t) {
    return new LoaderOptions(batchSize, views, t, prefetch, seed, shuffle, dropLast, maxBadShare, cacheBytes);
  }

  public LoaderOptions withMaxBadShare(double s) {
    return new LoaderOptions(batchSize, views, threads, prefetch, seed, shuffle, dropLast, s, cacheBytes);
  }

  public LoaderOptions withCacheBytes(long b) {
    return new LoaderOptions(batchSize, views, threads, prefetch, seed, shuffle, dropLast, maxBadShare, b);
  }
}
