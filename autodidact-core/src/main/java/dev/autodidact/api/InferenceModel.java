package dev.autodidact.api;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.autodidact.InferenceOptions;
import dev.autodidact.Preprocessing;
import dev.autodidact.UserInputException;
import dev.autodidact.artifact.Manifest;
import dev.autodidact.data.BadImageException;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.CudaSettings;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.DeviceChoice;
import dev.autodidact.runtime.Sessions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * One ONNX session taking preprocessed images {@code [N, C, H, W]} to one float matrix {@code [N, D]},
 * with the {@link Preprocessing} that feeds it: the shared core of {@code Encoder} and {@code Predictor}.
 *
 * <p>Thread safety: ONNX Runtime documents {@code OrtSession.run} as safe to call from several threads
 * at once on one session (the session is immutable after creation; each run gets its own execution
 * frame, inputs and outputs). So concurrent calls share the one session and its intra-op pool; what is
 * not thread-safe (decoder scratch, pipeline workspace, batch buffers) lives in {@link ImagePreparer}s
 * taken from a pool, one per call. A read-write lock keeps {@link #close} from freeing the session under
 * a running call: calls hold the read lock, close takes the write lock.
 */
public final class InferenceModel implements AutoCloseable {
  private final OrtEnvironment env;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final int outputDim;
  private final Preprocessing pre;
  private final Device device;
  private final Optional<String> fallback;
  private final String description;
  private final ConcurrentLinkedQueue<ImagePreparer> idle = new ConcurrentLinkedQueue<>();
  private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
  private volatile boolean closed;

  private InferenceModel(OrtSession session, String inputName, String outputName, int outputDim, Preprocessing pre,
      DeviceChoice dc, String description) {
    this.env = OrtEnvironment.getEnvironment();
    this.session = session;
    this.inputName = inputName;
    this.outputName = outputName;
    this.outputDim = outputDim;
    this.pre = pre;
    this.device = dc.device();
    this.fallback = dc.fallbackReason();
    this.description = description;
  }

  /** Reads {@code model} after checking it against {@code sha256} (skipped when null). */
  public static byte[] readVerified(Path model, String sha256, Path manifest) {
    if (!Files.isRegularFile(model)) {
      throw new UserInputException(model + ": model file not found (named by " + manifest + ")");
    }
    try {
      if (sha256 != null) {
        String actual = Manifest.sha256(model);
        if (!actual.equalsIgnoreCase(sha256)) {
          throw new UserInputException(model + ": SHA-256 " + actual.substring(0, 12) + "… differs from "
              + sha256.substring(0, Math.min(12, sha256.length())) + "… recorded in " + manifest.getFileName()
              + "; the model file was changed or is corrupt (re-export it)");
        }
      }
      return Files.readAllBytes(model);
    } catch (IOException e) {
      throw new UserInputException(model + ": cannot read (" + e.getMessage() + ")", e);
    }
  }

  /**
   * A session for {@code onnx} on the device {@code opts} asks for.
   *
   * @param name what to call the model in messages (its file)
   * @throws UserInputException when ORT cannot load the model or its input/output do not match {@code pre}
   */
  public static InferenceModel open(byte[] onnx, String name, Preprocessing pre, String inputName, String outputName,
      InferenceOptions opts) {
    DeviceChoice dc;
    try {
      dc = DeviceChoice.resolve(opts.device(), CudaSettings.defaults(0));
    } catch (IllegalArgumentException e) {
      throw new UserInputException(e.getMessage(), e);
    }
    OrtSession s;
    try {
      // Session creation recurses over the graph in native code: a large stack (see BigStack).
      s = BigStack.call("autodidact-load", () -> {
        try (OrtSession.SessionOptions o = Sessions.options(dc.device(), opts.threads())) {
          return OrtEnvironment.getEnvironment().createSession(onnx, o);
        }
      });
    } catch (OrtException e) {
      throw new UserInputException(name + ": not a valid ONNX model (" + firstLine(e.getMessage()) + ")", e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    try {
      int dim = check(s, name, pre, inputName, outputName);
      String desc = name + " on " + dc.device() + ", " + opts.threads() + " threads";
      return new InferenceModel(s, inputName, outputName, dim, pre, dc, desc);
    } catch (RuntimeException | OrtException e) {
      try {
        s.close();
      } catch (OrtException ignored) {
        // the original problem is the one to report
      }
      if (e instanceof OrtException) {
        throw new UserInputException(name + ": " + firstLine(e.getMessage()), e);
      }
      throw (RuntimeException) e;
    }
  }

  private static int check(OrtSession s, String name, Preprocessing pre, String inputName, String outputName)
      throws OrtException {
    Map<String, NodeInfo> ins = s.getInputInfo();
    Map<String, NodeInfo> outs = s.getOutputInfo();
    if (!ins.containsKey(inputName) || ins.size() != 1) {
      throw new UserInputException(name + ": the manifest names input '" + inputName + "', the model has " + ins.keySet());
    }
    if (!outs.containsKey(outputName)) {
      throw new UserInputException(name + ": the manifest names output '" + outputName + "', the model has " + outs.keySet());
    }
    long[] in = ((TensorInfo) ins.get(inputName).getInfo()).getShape();
    long[] want = pre.inputShape(-1);
    for (int i = 1; i < 4; i++) {
      if (in.length != 4 || (in[i] > 0 && in[i] != want[i])) {
        throw new UserInputException(name + ": the model's input is " + Arrays.toString(in)
            + " but its preprocessing produces " + Arrays.toString(Arrays.copyOfRange(want, 1, 4)) + " per image");
      }
    }
    long[] out = ((TensorInfo) outs.get(outputName).getInfo()).getShape();
    if (out.length != 2 || out[1] <= 0) {
      throw new UserInputException(name + ": output '" + outputName + "' must be [N, D] with a fixed D, got "
          + Arrays.toString(out));
    }
    return (int) out[1];
  }

  /** Columns of the output: feature dimension or class count. */
  public int outputDim() {
    return outputDim;
  }

  public Preprocessing preprocessing() {
    return pre;
  }

  /** The device the session runs on. */
  public Device device() {
    return device;
  }

  /** Why {@code auto} fell back to the CPU, if it did. */
  public Optional<String> fallbackReason() {
    return fallback;
  }

  /** The input name (for benchmarks that feed the session directly). */
  public String inputName() {
    return inputName;
  }

  public String outputName() {
    return outputName;
  }

  @Override
  public String toString() {
    return description;
  }

  /** Output rows for already-decoded images. */
  public float[][] runImages(List<BufferedImage> images) {
    return withPreparer(p -> {
      FloatBuffer b = p.batch(images.size());
      for (int i = 0; i < images.size(); i++) {
        p.prepare(images.get(i), b, i);
      }
      return runPrepared(b, images.size());
    });
  }

  /**
   * Output rows for image files.
   *
   * @throws IOException naming the first file that cannot be read or decoded
   */
  public float[][] runFiles(List<Path> files) throws IOException {
    try {
      return withPreparer(p -> {
        FloatBuffer b = p.batch(files.size());
        for (int i = 0; i < files.size(); i++) {
          try {
            p.prepare(files.get(i), b, i);
          } catch (BadImageException e) {
            throw new BadFile(e);
          }
        }
        return runPrepared(b, files.size());
      });
    } catch (BadFile e) {
      throw new IOException(e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * Runs the session on {@code n} prepared images at the start of {@code batch} (a direct buffer of
   * {@code n × C × H × W} floats or more).
   */
  public float[][] runPrepared(FloatBuffer batch, int n) {
    if (n == 0) {
      return new float[0][];
    }
    lock.readLock().lock();
    try {
      ensureOpen();
      FloatBuffer view = batch.duplicate();
      view.position(0).limit(n * pre.channels() * pre.crop() * pre.crop());
      try (OnnxTensor x = OnnxTensor.createTensor(env, view.slice(), pre.inputShape(n));
          OrtSession.Result r = session.run(Map.of(inputName, x), java.util.Set.of(outputName))) {
        return (float[][]) r.get(0).getValue();
      } catch (OrtException e) {
        throw new IllegalStateException(description + ": inference failed: " + firstLine(e.getMessage()), e);
      }
    } finally {
      lock.readLock().unlock();
    }
  }

  /**
   * Runs the session on a caller-made input tensor and returns ORT's result as is (the caller closes
   * it): no preprocessing, no copies. For benchmarks that compare the API with the bare session.
   */
  public OrtSession.Result runRaw(OnnxTensor input) throws OrtException {
    lock.readLock().lock();
    try {
      ensureOpen();
      return session.run(Map.of(inputName, input), java.util.Set.of(outputName));
    } finally {
      lock.readLock().unlock();
    }
  }

  /** Runs {@code work} with a preparer from the pool (a new one when all are busy). */
  public <T> T withPreparer(java.util.function.Function<ImagePreparer, T> work) {
    ensureOpen();
    ImagePreparer p = idle.poll();
    if (p == null) {
      p = new ImagePreparer(pre);
    }
    try {
      return work.apply(p);
    } finally {
      idle.offer(p);
    }
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException(description + " is closed");
    }
  }

  /** Frees the session after running calls have finished; later calls throw {@link IllegalStateException}. */
  @Override
  public void close() {
    lock.writeLock().lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      idle.clear();
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(description + ": closing the session failed", e);
    } finally {
      lock.writeLock().unlock();
    }
  }

  private static String firstLine(String m) {
    return m == null ? "" : m.lines().findFirst().orElse(m);
  }

  /** Carries a bad file out of the preparer lambda. */
  private static final class BadFile extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadFile(BadImageException e) {
      super(e);
    }
  }
}
