package dev.autodidact.runtime;

import dev.autodidact.UserInputException;
import ai.onnxruntime.OrtSession;
import java.util.Locale;

/**
 * Every ORT session setting we choose, in one value so it can be logged once per run and recorded.
 *
 * @param device where the session runs
 * @param threads intra-op threads (the cores of the machine unless the user says otherwise)
 * @param optLevel graph optimization level; ALL_OPT fuses Conv+BN etc. on CPU and is what we test with
 * @param memoryPattern pre-plan activation memory from the first run into one block. Off by default:
 *     on our training-step graphs the planned block nearly doubled the step's peak resident memory
 *     (simclr-resnet-small-28 at batch 256: 3.0 GB on, 1.6 GB off; mae-vit-tiny-32: 3.7 vs 2.1 GB)
 *     at no measurable speed difference (docs/performance.md, "Step memory")
 * @param cuda CUDA provider settings (ignored on CPU)
 */
public record SessionConfig(Device device, int threads, OrtSession.SessionOptions.OptLevel optLevel,
    boolean memoryPattern, CudaSettings cuda) {
  public SessionConfig {
    if (threads < 1) {
      throw new UserInputException("--threads must be >= 1, got " + threads);
    }
  }

  /** Defaults for {@code device}: all optimizations, memory pattern off, default CUDA settings. */
  public static SessionConfig of(Device device, int threads) {
    return new SessionConfig(device, threads, OrtSession.SessionOptions.OptLevel.ALL_OPT, false,
        CudaSettings.defaults(device.kind() == Device.Kind.CUDA ? device.index() : 0));
  }

  /** The cores the JVM may use: the default thread count. */
  public static int defaultThreads() {
    return Runtime.getRuntime().availableProcessors();
  }

  /** One line for the log. */
  public String describe() {
    String s = String.format(Locale.ROOT, "device %s, %d intra-op threads, 1 inter-op thread, optimization %s, memory pattern %s",
        device, threads, optLevel, memoryPattern ? "on" : "off");
    return device.kind() == Device.Kind.CUDA ? s + ", " + cuda.describe() : s;
  }
}
