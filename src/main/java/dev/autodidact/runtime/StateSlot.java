package dev.autodidact.runtime;

/**
 * One piece of training state: the graph input it is read from and the graph output its next value
 * is written to (for example {@code encoder.stem.conv.weight} and {@code next/encoder.stem.conv.weight}).
 */
public record StateSlot(String input, String output) {
  public StateSlot {
    if (input.equals(output)) {
      throw new IllegalArgumentException("state input and output names must differ: " + input);
    }
  }
}
