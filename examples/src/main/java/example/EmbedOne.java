package example;

import dev.autodidact.Encoder;
import java.nio.file.Path;

/** The embedding of one image: {@code java example.EmbedOne ENCODER.onnx|RUN_DIR IMAGE}. */
public final class EmbedOne {
  public static void main(String[] args) throws Exception {
    try (Encoder encoder = Encoder.load(Path.of(args[0]))) {
      float[] e = encoder.embed(Path.of(args[1]));
      System.out.printf("%s: %d values, first %.4f %.4f %.4f (%s)%n", args[1], e.length, e[0], e[1], e[2],
          encoder.device());
    }
  }
}
