package dev.autodidact.data;

import java.util.List;

/**
 * An indexed collection of images with optional integer labels.
 *
 * <p>Implementations are safe for concurrent {@link #load} calls from several threads, each passing its
 * own {@link ImageDecoder} and target image; the loader relies on that.
 */
public interface Dataset {
  /** Label returned for samples without one. */
  int NO_LABEL = -1;

  int size();

  /** A human name for sample {@code index} (the file path, or {@code file#n} for IDX). */
  String source(int index);

  /** The label of sample {@code index}, or {@link #NO_LABEL}. */
  int label(int index);

  /** Label names, indexed by label; empty when the dataset has no labels. */
  List<String> classes();

  /** How files are decoded: the recipe's channel count, the pixel limit, windowing. */
  DecodeOptions decodeOptions();

  /** Channels every loaded image has (the recipe's: 1 or 3). */
  default int channels() {
    return decodeOptions().channels();
  }

  /**
   * Decodes sample {@code index} into {@code into} (CHW, [0, 1], {@link #channels()} channels).
   *
   * @throws BadImageException when the sample is unreadable (bad data, not a bug)
   */
  void load(int index, ImageDecoder decoder, FloatImage into) throws BadImageException;

  /** True when {@link #load} is just a copy from memory, so caching would gain nothing. */
  default boolean inMemory() {
    return false;
  }
}
