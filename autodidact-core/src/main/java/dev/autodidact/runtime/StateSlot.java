package dev.autodidact.runtime;

/**
 * One piece of training state: the graph input it is read from and the graph output its next value
 * is written to (for example {@code encoder.stem.conv.weight} and {@code next/encoder.stem.conv.weight}).
 * A slot with a null output is constant state: fed every step, never updated (a frozen encoder's
 * weights, BatchNorm statistics in eval mode).
 */
public record StateSlot(String input, String output) {
  public StateSlot {
    if (input == null || input.isEmpty()) {
      throw new IllegalArgumentException("state input name must not be empty");
    }
    if (input.equals(output)) {
      throw new IllegalArgumentException("state input and output names must differ: " + input);
    }
  }

  /** State that is read but never written. */
  public static StateSlot constant(String input) {
    return new StateSlot(input, null);
  }

  /** True if the step produces a next value for this state. */
  public boolean updated() {
    return output != null;
  }
}
