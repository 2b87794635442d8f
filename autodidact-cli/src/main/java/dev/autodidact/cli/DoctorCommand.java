package dev.autodidact.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.autodidact.selfcheck.Doctor;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autodidact doctor}: for the IT person at a site. Exit 0 only if every gradient rule passes on
 * the chosen device.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true,
    description = "Checks ONNX Runtime, the execution providers and every gradient rule on this machine.")
public final class DoctorCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--device", defaultValue = "cpu", description = "cpu, cuda or cuda:N (default: ${DEFAULT-VALUE})")
  String device;

  @Option(names = "--json", description = "Print the report as JSON instead of a table.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Doctor.Report r = Doctor.run(DeviceOption.exact(device));
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectMapper m = new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(SerializationFeature.INDENT_OUTPUT);
      out.println(m.writeValueAsString(r));
    } else {
      printTable(out, r);
    }
    out.flush();
    return r.pass() ? 0 : Main.EXIT_FAILURE;
  }

  private static void printTable(PrintWriter out, Doctor.Report r) {
    out.println("ONNX Runtime " + r.ortVersion());
    out.println("providers:   " + String.join(", ", r.providers()));
    out.println("CUDA:        " + (r.cuda().usable() ? "usable" : "not usable — " + r.cuda().detail()));
    out.println("device:      " + r.device());
    if (r.rules().isEmpty()) {
      out.println("gradient checks not run: the device is not usable");
      return;
    }
    out.println();
    out.printf(Locale.ROOT, "%-20s %5s %13s %10s  %s%n", "rule", "cases", "max rel err", "tolerance", "result");
    for (Doctor.RuleResult rr : r.rules()) {
      out.printf(Locale.ROOT, "%-20s %5d %13.2e %10.0e  %s%n", rr.op(), rr.cases(), rr.maxRelErr(), rr.tolerance(),
          rr.pass() ? "pass" : "FAIL " + rr.error());
    }
    long failed = r.rules().stream().filter(x -> !x.pass()).count();
    out.println();
    out.println(failed == 0 ? "all " + r.rules().size() + " rules pass" : failed + " of " + r.rules().size() + " rules FAIL");
  }
}
