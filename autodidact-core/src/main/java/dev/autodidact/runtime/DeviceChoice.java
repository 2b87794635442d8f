package dev.autodidact.runtime;

import dev.autodidact.UserInputException;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import java.util.Locale;
import java.util.Optional;

/**
 * Resolves the user's {@code --device auto|cpu|cuda[:N]} to a usable device.
 *
 * @param device the device sessions will use
 * @param fallbackReason why {@code auto} chose the CPU (empty when nothing fell back)
 */
public record DeviceChoice(Device device, Optional<String> fallbackReason) {
  /** The spellings {@link #resolve} accepts. */
  public static final String SYNTAX = "auto, cpu, cuda or cuda:N";

  /**
   * {@code cpu} and {@code cuda[:N]} are taken literally; CUDA is probed by loading its provider, and
   * an unusable CUDA fails with ORT's reason. {@code auto} uses CUDA device 0 when it can be loaded and
   * the CPU otherwise, saying why.
   *
   * @throws IllegalArgumentException for a bad spelling or an unusable CUDA device (the message says why)
   */
  public static DeviceChoice resolve(String spec, CudaSettings cuda) {
    String v = spec.trim().toLowerCase(Locale.ROOT);
    if (v.equals("auto")) {
      Optional<String> why = cudaProblem(new Device(Device.Kind.CUDA, 0), cuda);
      return why.isEmpty() ? new DeviceChoice(new Device(Device.Kind.CUDA, 0), Optional.empty())
          : new DeviceChoice(Device.CPU, why);
    }
    Device d;
    try {
      d = Device.parse(v);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("bad device '" + spec + "': expected " + SYNTAX);
    }
    if (d.kind() == Device.Kind.CUDA) {
      Optional<String> why = cudaProblem(d, cuda);
      if (why.isPresent()) {
        throw new UserInputException("--device " + d + " is not usable: " + why.get()
            + " (use --device cpu, or --device auto to fall back to the CPU)");
      }
    }
    return new DeviceChoice(d, Optional.empty());
  }

  /** Why CUDA device {@code d} cannot be used, or empty if a session could add its provider. */
  static Optional<String> cudaProblem(Device d, CudaSettings cuda) {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return Optional.of("this build of ONNX Runtime has no CUDA provider (build with mvn -Pgpu for onnxruntime_gpu)");
    }
    SessionConfig c = SessionConfig.of(d, 1);
    c = new SessionConfig(d, 1, c.optLevel(), c.memoryPattern(),
        new CudaSettings(d.index(), cuda.memoryLimitBytes(), cuda.convAlgoSearch()));
    try (OrtSession.SessionOptions o = Sessions.options(c)) {
      return Optional.empty();
    } catch (OrtException | RuntimeException e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      return Optional.of(m.lines().findFirst().orElse(m));
    }
  }
}
