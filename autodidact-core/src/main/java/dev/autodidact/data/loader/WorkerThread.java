package dev.autodidact.data.loader;

import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.augment.Workspace;

/**
 * A loader thread with its own decoder and scratch, so the hot path shares nothing mutable and
 * allocates nothing once warm (no ThreadLocal to leak).
 */
final class WorkerThread extends Thread {
  final ImageDecoder decoder;
  final Workspace workspace = new Workspace();
  final FloatImage decoded = new FloatImage();

  private final Runnable onExit;

  WorkerThread(Runnable r, String name, DecodeOptions decode, Runnable onExit) {
    super(r, name);
    this.decoder = new ImageDecoder(decode);
    this.onExit = onExit;
  }

  @Override
  public void run() {
    try {
      super.run();
    } finally {
      onExit.run();
    }
  }
}
