package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.autodiff.GradientRules;
import dev.autodidact.testutil.Cli;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoctorCommandTest {
  @Test
  void jsonReportListsEveryRuleAndPassesOnCpu() throws Exception {
    Cli.Result run = Cli.run("doctor", "--json");
    JsonNode j = new ObjectMapper().readTree(run.out());
    assertEquals(0, run.code(), run.out());
    assertTrue(j.get("pass").asBoolean());
    assertTrue(j.get("providers").toString().contains("CPU"));
    assertTrue(j.get("ort_version").asText().startsWith("1."));
    Set<String> ops = new HashSet<>();
    for (JsonNode r : j.get("rules")) {
      ops.add(r.get("op").asText());
      assertTrue(r.get("max_rel_err").asDouble() <= r.get("tolerance").asDouble(), r.toString());
    }
    assertTrue(ops.containsAll(GradientRules.opTypes()), "missing: " + ops);
  }

  @Test
  void badDeviceIsExit2() {
    Cli.Result r = Cli.run("doctor", "--device", "tpu");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("bad device 'tpu'"), r.err());
  }

  @Test
  void cudaWithoutProviderFailsWithReason() {
    Cli.Result r = Cli.run("doctor", "--device", "cuda");
    // On the CPU build CUDA is never usable: exit 1 with the reason; on a GPU build it may pass.
    assertTrue(r.code() == 1 && r.out().contains("CUDA:        not usable") || r.code() == 0, r.out());
  }
}
