package example;

import dev.autodidact.Predictor;
import java.nio.file.Path;

/** Classifies images: {@code java example.Classify MODEL.onnx IMAGE...}. */
public final class Classify {
  public static void main(String[] args) throws Exception {
    try (Predictor predictor = Predictor.load(Path.of(args[0]))) {
      for (int i = 1; i < args.length; i++) {
        var p = predictor.predict(Path.of(args[i]));
        System.out.printf("%s: %s (%.1f %%) of %s%n", args[i], p.topClass(), 100 * p.topProbability(),
            predictor.classes());
      }
    }
  }
}
