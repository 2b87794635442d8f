package dev.autodidact.runtime;

import dev.autodidact.UserInputException;
import java.util.Locale;

/** Where a session runs: the CPU, or a CUDA device by index. */
public record Device(Kind kind, int index) {
  /** The execution provider family. */
  public enum Kind { CPU, CUDA }

  public static final Device CPU = new Device(Kind.CPU, 0);

  public Device {
    if (index < 0) {
      throw new UserInputException("device index must be >= 0, got " + index);
    }
  }

  /** Parses {@code cpu}, {@code cuda} or {@code cuda:N}. */
  public static Device parse(String s) {
    String v = s.trim().toLowerCase(Locale.ROOT);
    if (v.equals("cpu")) {
      return CPU;
    }
    if (v.equals("cuda")) {
      return new Device(Kind.CUDA, 0);
    }
    if (v.startsWith("cuda:")) {
      try {
        return new Device(Kind.CUDA, Integer.parseInt(v.substring(5)));
      } catch (NumberFormatException e) {
        throw new UserInputException("bad device '" + s + "': expected cpu, cuda or cuda:N");
      }
    }
    throw new UserInputException("bad device '" + s + "': expected cpu, cuda or cuda:N");
  }

  @Override
  public String toString() {
    return kind == Kind.CPU ? "cpu" : "cuda:" + index;
  }
}
