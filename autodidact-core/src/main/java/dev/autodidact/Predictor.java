package dev.autodidact;

import dev.autodidact.api.ClassifierManifest;
import dev.autodidact.api.InferenceModel;
import dev.autodidact.finetune.ClassifierExport;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
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
 * written by {@code autodidact export-classifier}), the JSON itself, a folder holding them, or a
 * fine-tuning run (its {@code best/} checkpoint, else its newest) or checkpoint directory, exported in
 * memory exactly as {@code export-classifier} would write it. {@code autodidact predict} loads every
 * model through this class, so the command line and the API give the same probabilities. The model's
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
    if (Files.isDirectory(path) && !Files.isRegularFile(path.resolve(ClassifierManifest.FILE_NAME))) {
      Path best = path.resolve("best");
      Checkpoint c = CheckpointLocator.open(Files.isDirectory(best) ? best : path);
      ClassifierExport.Built b = ClassifierExport.build(c, "model.onnx");
      return open(b.onnx(), c.dir().toString(), b.manifest(), c.dir(), options);
    }
    if (Files.isDirectory(path)) {
      json = path.resolve(ClassifierManifest.FILE_NAME);
    } else if (path.getFileName().toString().endsWith(".json")) {
      json = path;
    } else {
      json = ClassifierManifest.pathFor(path);
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
    return open(InferenceModel.readVerified(onnx, m.sha256(), json), onnx.toString(), m, json, options);
  }

  private static Predictor open(byte[] onnx, String name, ClassifierManifest m, Path from, InferenceOptions options) {
    InferenceModel im = InferenceModel.open(onnx, name, m.preprocessing(), m.inputName(), m.outputName(), options);
    if (im.outputDim() != m.classes().size()) {
      im.close();
      throw new UserInputException(name + ": output '" + m.outputName() + "' has " + im.outputDim() + " columns but "
          + from.getFileName() + " lists " + m.classes().size() + " classes");
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

  /**
   * The prediction for one row of the model's output (for callers that run {@link #session()} over many
   * images themselves, as {@code autodidact predict} does).
   *
   * @throws IllegalArgumentException when the row does not have one probability per class
   */
  public Prediction prediction(float[] probabilities) {
    if (probabilities.length != manifest.classes().size()) {
      throw new IllegalArgumentException(probabilities.length + " probabilities for " + manifest.classes().size()
          + " classes");
    }
    return Prediction.of(manifest.classes(), probabilities, manifest.multiLabel(), manifest.thresholds());
  }

  /** The manifest the model was loaded with (for a run: the one export-classifier would write). */
  public ClassifierManifest manifest() {
    return manifest;
  }

  /** The inference session behind this predictor (for the CLI and benchmarks; not part of the stable API). */
  public InferenceModel session() {
    return model;
  }

  private List<Prediction> wrap(float[][] rows) {
    List<Prediction> out = new ArrayList<>(rows.length);
    for (float[] r : rows) {
      out.add(prediction(r));
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
