package dev.autodidact.selfcheck;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.autodiff.GradientRules;
import dev.autodidact.runtime.Device;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every gradient rule against finite differences on ORT (CPU). */
class GradCheckTest {
  static Stream<GradCase> cases() {
    return GradCases.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void gradientMatchesFiniteDifferences(GradCase c) {
    CaseResult r = GradCheck.run(c, Device.CPU);
    assertTrue(r.pass(), () -> c + ": max rel err " + r.maxRelErr() + " > " + r.tolerance()
        + (r.error() == null ? "" : " (" + r.error() + ")"));
  }

  @Test
  void everyRuleHasACheck() {
    Set<String> checked = new TreeSet<>();
    GradCases.all().forEach(c -> checked.add(c.op()));
    Set<String> missing = new TreeSet<>(GradientRules.opTypes());
    missing.removeAll(checked);
    assertTrue(missing.isEmpty(), "rules without a finite-difference check: " + missing);
  }
}
