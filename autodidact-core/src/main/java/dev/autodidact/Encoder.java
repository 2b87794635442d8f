package dev.autodidact;

import dev.autodidact.api.EncoderManifest;
import dev.autodidact.api.InferenceModel;
import dev.autodidact.method.EvalEncoder;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.EncoderExport;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A pretrained image encoder for inference: image in, embedding out, with exactly the preprocessing
 * the model was evaluated with (read from {@code encoder.json}, see {@link Preprocessing}).
 *
 * <pre>{@code
 * try (Encoder encoder = Encoder.load(Path.of("runs/quickstart/encoder.onnx"))) {
 *   float[] e = encoder.embed(Path.of("scan.png"));        // length encoder.dim()
 *   float[][] many = encoder.embed(List.of(img1, img2));   // one batched run
 * }
 * }</pre>
 *
 * <p><b>What it loads</b>: an {@code encoder.onnx} with its {@code encoder.json} beside it (written by
 * {@code autodidact export-encoder}), a folder holding them, or a training run or checkpoint directory
 * (its newest valid checkpoint, exported in memory).
 *
 * <p><b>Threads</b>: safe for concurrent {@code embed} calls. All calls share one ONNX Runtime session,
 * which ONNX Runtime allows to run from several threads at once (a session is immutable once created;
 * each run has its own inputs, outputs and execution frame); the per-call image buffers come from a
 * pool. {@link #close()} waits for running calls, after which every call throws
 * {@link IllegalStateException}.
 *
 * <p><b>Errors</b>: a missing {@code encoder.json}, another manifest format, a model whose hash or
 * shape does not match its manifest, or a file ONNX Runtime cannot load throw {@link UserInputException}
 * naming the file; an image a strict model refuses throws {@link IllegalArgumentException}; an
 * unreadable image file throws {@link IOException} naming it.
 */
public final class Encoder implements AutoCloseable {
  private final InferenceModel model;

  private Encoder(InferenceModel model) {
    this.model = model;
  }

  /** {@link #load(Path, InferenceOptions)} with {@link InferenceOptions#defaults()} (CUDA if usable, else CPU). */
  public static Encoder load(Path path) throws IOException {
    return load(path, InferenceOptions.defaults());
  }

  /**
   * Loads an encoder from an {@code encoder.onnx} (with {@code encoder.json} beside it), a folder holding
   * one, or a run/checkpoint directory.
   *
   * @throws UserInputException when the path holds no usable encoder (the message says why)
   */
  public static Encoder load(Path path, InferenceOptions options) throws IOException {
    if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("encoder.onnx"))) {
      path = path.resolve("encoder.onnx");
    }
    if (Files.isDirectory(path)) {
      Checkpoint c = CheckpointLocator.open(path);
      EncoderExport.Built b = EncoderExport.build(c);
      return new Encoder(InferenceModel.open(b.onnx(), c.dir().toString(), b.preprocessing(), EvalEncoder.INPUT,
          EvalEncoder.OUTPUT, options));
    }
    if (!Files.exists(path)) {
      throw new UserInputException(path + ": no such file or directory");
    }
    EncoderManifest m = path.getFileName().toString().endsWith(".json") ? EncoderManifest.read(path)
        : EncoderManifest.forModel(path);
    byte[] onnx = InferenceModel.readVerified(m.model(), m.sha256(), m.file());
    return new Encoder(InferenceModel.open(onnx, m.model().toString(), m.preprocessing(), m.inputName(),
        m.outputName(), options));
  }

  /** The embedding length D. */
  public int dim() {
    return model.outputDim();
  }

  /** The input contract this encoder applies to every image. */
  public Preprocessing preprocessing() {
    return model.preprocessing();
  }

  /** Where the session runs: {@code cpu} or {@code cuda:N}. */
  public String device() {
    return model.device().toString();
  }

  /** Why {@code auto} chose the CPU, when it did. */
  public Optional<String> deviceFallbackReason() {
    return model.fallbackReason();
  }

  /**
   * The embedding of one decoded image (any size, grey or RGB, 8 or 16 bit).
   *
   * @throws IllegalArgumentException when a strict model refuses its channel count
   */
  public float[] embed(BufferedImage image) {
    return model.runImages(List.of(image))[0];
  }

  /**
   * The embedding of one image file (PNG, TIFF, JPEG, BMP, PNM; 8/16-bit), decoded as in training.
   *
   * @throws IOException naming the file when it cannot be read or decoded
   */
  public float[] embed(Path file) throws IOException {
    return model.runFiles(List.of(file))[0];
  }

  /** Embeddings of several images in one batched run, in order: {@code [images.size()][dim()]}. */
  public float[][] embed(List<BufferedImage> images) {
    return model.runImages(images);
  }

  /**
   * Embeddings of several image files in one batched run, in order.
   *
   * @throws IOException naming the first file that cannot be read or decoded
   */
  public float[][] embedFiles(List<Path> files) throws IOException {
    return model.runFiles(files);
  }

  /** The inference session behind this encoder (for the CLI and benchmarks; not part of the stable API). */
  public InferenceModel session() {
    return model;
  }

  /** Frees the native session once running calls have finished. Idempotent. */
  @Override
  public void close() {
    model.close();
  }

  @Override
  public String toString() {
    return "Encoder[" + model + ", dim " + dim() + "]";
  }
}
