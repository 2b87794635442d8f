package dev.autodidact.method;

import dev.autodidact.onnx.Shape;
import java.nio.LongBuffer;
import java.util.Map;

/**
 * The int64 inputs a method draws in Java for each batch (MAE's {@code ids_keep}/{@code ids_restore}):
 * a pure function of (run seed, epoch, batch position), like the pixels of the batch, so a resumed run
 * draws exactly what an uninterrupted one would. Implementations write into buffers the caller owns
 * (no garbage per step) and are not thread-safe: one per training loop.
 */
public interface DrawnInputs {
  /** A method that draws nothing. */
  DrawnInputs NONE = new DrawnInputs() {
    @Override
    public Map<String, Shape> shapes() {
      return Map.of();
    }

    @Override
    public void draw(long seed, int epoch, int position, Map<String, LongBuffer> into) {}
  };

  /** The drawn inputs by graph input name, with their shapes. */
  Map<String, Shape> shapes();

  /**
   * Writes every drawn input of the batch at ({@code epoch}, {@code position}) of the run with
   * {@code seed} into its buffer in {@code into} (absolute puts from index 0).
   */
  void draw(long seed, int epoch, int position, Map<String, LongBuffer> into);
}
