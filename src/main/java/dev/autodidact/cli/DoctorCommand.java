package dev.autodidact.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder replaced by the real self-check below in this same change series. */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Checks this machine.")
public final class DoctorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    return 0;
  }
}
