package dev.autodidact.data.loader;

import dev.autodidact.data.FloatImage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Decoded images kept in memory up to a byte budget, first come first kept, so small datasets are
 * decoded once and later epochs only augment. Cached pixels equal freshly decoded ones, so whether a
 * sample was cached never changes a batch. Thread-safe.
 */
final class DecodeCache {
  private final AtomicReferenceArray<FloatImage> images;
  private final AtomicLong used = new AtomicLong();
  private final long budget;

  DecodeCache(int size, long budget) {
    this.images = new AtomicReferenceArray<>(budget > 0 ? size : 0);
    this.budget = budget;
  }

  /** The cached image of {@code index}, or null. */
  FloatImage get(int index) {
    return budget > 0 ? images.get(index) : null;
  }

  /** Keeps a compact copy of {@code img} if the budget allows. */
  void offer(int index, FloatImage img) {
    if (budget <= 0 || images.get(index) != null) {
      return;
    }
    long bytes = 4L * img.size() + 64;
    if (used.addAndGet(bytes) > budget) {
      used.addAndGet(-bytes);
      return;
    }
    if (!images.compareAndSet(index, null, img.copy())) {
      used.addAndGet(-bytes);
    }
  }
}
