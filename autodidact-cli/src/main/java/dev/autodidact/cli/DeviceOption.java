package dev.autodidact.cli;

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

  /** Also {@code auto}: CUDA when usable, else the CPU with the reason. */
  static DeviceChoice choose(String spec, CudaSettings cuda) {
    return DeviceChoice.resolve(spec, cuda);
  }
}
