package dev.autodidact;

import dev.autodidact.api.ClassifierManifest;
import dev.autodidact.api.InferenceModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A fine-tuned image classifier for inference: image in, class probabilities out, with the
 * preprocessing it was validated with (from {@code model.json}, see {@link Preprocessing}).
 *
 * <pre>{@code
 * try (Predictor predictor = Predictor.load(Path.of("runs/finetune/model.onnx"))) {
 *   Prediction p = predictor.predict(Path.of("scan.png"));
 *   System.out.println(p.topClass() + " " + p.topProbability());
 * }
 * }</pre>
 *
 * <p>Loads {@code model.onnx} with {@code model.json} beside it (format {@value ClassifierManifest#FORMAT},
 * written by {@code autodidact export-classifier}), the JSON itself, or a folder holding them. The model's
 * output is already a probability (softmax, or a sigmoid per class for multi-label models, whose
 * {@link Prediction#labels()} are the classes at or above their thresholds).
 *
 * <p>Threads, closing and errors as for {@link Encoder}: one shared ONNX Runtime session (safe for
 * concurrent runs), {@link IllegalStateException} after {@link #close()}, {@link UserInputException}
 * naming the file for a bad model or manifest.
 */
public final class Predictor implements AutoCloseable {
  private final InferenceModel model;
  private final ClassifierManifest manifest;

  private Predictor(InferenceModel model, ClassifierManifest manifest) {
    this.model = model;
    this.manifest = manifest;
  }

  /** {@link #load(Path, InferenceOptions)} with {@link InferenceOptions#defaults()}. */
  public static Predictor load(Path path) throws IOException {
    return load(path, InferenceOptions.defaults());
  }

  /**
   * Loads a classifier from {@code model.onnx} (with {@code model.json} beside it), {@code model.json},
   * or a folder holding them.
   *
   * @throws UserInputException when there is no usable classifier at {@code path} (the message says why)
   */
  public static Predictor load(Path path, InferenceOptions options) throws IOException {
    Path json;
    if (Files.isDirectory(path)) {
      json = path.resolve(ClassifierManifest.FILE_NAME);
    } else if (path.getFileName().toString().endsWith(".json")) {
      json = path;
    } else {
      String n = path.getFileName().toString();
      json = path.resolveSibling((n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n) + ".json");
      if (!Files.exists(path)) {
        throw new UserInputException(path + ": no such file");
      }
    }
    if (!Files.isRegularFile(json)) {
      throw new UserInputException(path + ": no " + json.getFileName() + " found (a classifier is model.onnx with "
          + "model.json beside it, as autodidact export-classifier writes them)");
    }
    ClassifierManifest m = ClassifierManifest.read(json);
    Path onnx = m.modelPath(json);
    byte[] bytes = InferenceModel.readVerified(onnx, m.sha256(), json);
    InferenceModel im = InferenceModel.open(bytes, onnx.toString(), m.preprocessing(), m.inputName(), m.outputName(),
        options);
    if (im.outputDim() != m.classes().size()) {
      im.close();
      throw new UserInputException(onnx + ": output '" + m.outputName() + "' has " + im.outputDim() + " columns but "
          + json.getFileName() + " lists " + m.classes().size() + " classes");
    }
    return new Predictor(im, m);
  }

  /** Class names, in output order. */
  public List<String> classes() {
    return manifest.classes();
  }

  /** Whether each class is an independent yes/no. */
  public boolean multiLabel() {
    return manifest.multiLabel();
  }

  /** The input contract this predictor applies to every image. */
  public Preprocessing preprocessing() {
    return model.preprocessing();
  }

  /** Where the session runs: {@code cpu} or {@code cuda:N}. */
  public String device() {
    return model.device().toString();
  }

  /**
   * The prediction for one decoded image.
   *
   * @throws IllegalArgumentException when a strict model refuses its channel count
   */
  public Prediction predict(BufferedImage image) {
    return predict(List.of(image)).get(0);
  }

  /**
   * The prediction for one image file.
   *
   * @throws IOException naming the file when it cannot be read or decoded
   */
  public Prediction predict(Path file) throws IOException {
    return predictFiles(List.of(file)).get(0);
  }

  /** Predictions for several images in one batched run, in order. */
  public List<Prediction> predict(List<BufferedImage> images) {
    return wrap(model.runImages(images));
  }

  /**
   * Predictions for several image files in one batched run, in order.
   *
   * @throws IOException naming the first file that cannot be read or decoded
   */
  public List<Prediction> predictFiles(List<Path> files) throws IOException {
    return wrap(model.runFiles(files));
  }

  private List<Prediction> wrap(float[][] rows) {
    List<Prediction> out = new ArrayList<>(rows.length);
    for (float[] r : rows) {
      out.add(Prediction.of(manifest.classes(), r, manifest.multiLabel(), manifest.thresholds()));
    }
    return out;
  }

  /** Frees the native session once running calls have finished. Idempotent. */
  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "Predictor[" + model + ", " + manifest.classes().size() + " classes" + (multiLabel() ? ", multi-label" : "") + "]";
  }
}
