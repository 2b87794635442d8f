package dev.autodidact;

/**
 * Where and how an {@link Encoder} or {@link Predictor} runs.
 *
 * <pre>{@code
 * try (Encoder e = Encoder.load(dir, InferenceOptions.defaults().withDevice("cuda:1").withThreads(4))) { ... }
 * }</pre>
 *
 * @param device {@code auto} (CUDA device 0 when ONNX Runtime can use it, otherwise the CPU), {@code cpu},
 *     {@code cuda} or {@code cuda:N} (fails with ONNX Runtime's reason when unusable)
 * @param threads intra-op threads of the session (shared by concurrent calls)
 */
public record InferenceOptions(String device, int threads) {
  /** @throws UserInputException for a missing device or fewer than one thread (values a user sets) */
  public InferenceOptions {
    if (device == null || device.isBlank()) {
      throw new UserInputException("device is required: auto, cpu, cuda or cuda:N");
    }
    if (threads < 1) {
      throw new UserInputException("--threads must be >= 1, got " + threads);
    }
  }

  /** {@code auto} device, one intra-op thread per core. */
  public static InferenceOptions defaults() {
    return new InferenceOptions("auto", Runtime.getRuntime().availableProcessors());
  }

  /** The CPU with all cores. */
  public static InferenceOptions cpu() {
    return defaults().withDevice("cpu");
  }

  public InferenceOptions withDevice(String d) {
    return new InferenceOptions(d, threads);
  }

  public InferenceOptions withThreads(int t) {
    return new InferenceOptions(device, t);
  }
}
