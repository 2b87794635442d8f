package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.runtime.CudaSettings;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.DeviceChoice;

/** Reads a {@code --device} value; a bad one is a {@code UserInputException} (exit 2) with the parser's message. */
final class DeviceOption {
  private DeviceOption() {}

  /** {@code cpu}, {@code cuda} or {@code cuda:N}, taken as given (no fallback). */
  static Device exact(String spec) {
    return Device.parse(spec);
  }

  /** {@code --cuda-memory-limit} and {@code --cudnn-search} for device {@code id}, each checked by name (exit 2). */
  static CudaSettings cuda(int id, long memoryLimit, String cudnnSearch) {
    if (memoryLimit < 0) {
      throw new UserInputException("--cuda-memory-limit must be >= 0 bytes (0: no limit), got " + memoryLimit);
    }
    try {
      return new CudaSettings(id, memoryLimit, cudnnSearch);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--cudnn-search must be EXHAUSTIVE, HEURISTIC or DEFAULT, got " + cudnnSearch, e);
    }
  }

  /** Also {@code auto}: CUDA when usable, else the CPU with the reason. */
  static DeviceChoice choose(String spec, CudaSettings cuda) {
    return DeviceChoice.resolve(spec, cuda);
  }
}
