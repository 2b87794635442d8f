package dev.autodidact.runtime;

import dev.autodidact.UserInputException;
import java.util.Locale;

/**
 * Options of ORT's CUDA execution provider that we set on purpose.
 *
 * @param deviceId the GPU
 * @param memoryLimitBytes arena limit (0: ORT's default, all memory); a hospital workstation often
 *     shares its GPU with a viewer, so a limit keeps training from starving it
 * @param convAlgoSearch cuDNN convolution algorithm search: {@code EXHAUSTIVE} (best for fixed shapes,
 *     as our step graphs have; costs a few seconds once), {@code HEURISTIC} or {@code DEFAULT}
 */
public record CudaSettings(int deviceId, long memoryLimitBytes, String convAlgoSearch) {
  public CudaSettings {
    if (deviceId < 0 || memoryLimitBytes < 0) {
      throw new UserInputException("CUDA device id and memory limit must be >= 0");
    }
    convAlgoSearch = convAlgoSearch.toUpperCase(Locale.ROOT);
    if (!java.util.List.of("EXHAUSTIVE", "HEURISTIC", "DEFAULT").contains(convAlgoSearch)) {
      throw new UserInputException("cuDNN conv algorithm search must be EXHAUSTIVE, HEURISTIC or DEFAULT, got " + convAlgoSearch);
    }
  }

  /** Device {@code id}, no memory limit, exhaustive search. */
  public static CudaSettings defaults(int id) {
    return new CudaSettings(id, 0, "EXHAUSTIVE");
  }

  /** For the log line. */
  public String describe() {
    return "cuda device " + deviceId + ", memory limit " + (memoryLimitBytes == 0 ? "none" : memoryLimitBytes + " bytes")
        + ", cuDNN conv search " + convAlgoSearch;
  }
}
