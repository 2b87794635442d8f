package dev.autodidact.train;

import dev.autodidact.testutil.Cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code bench pretrain} reports both throughputs and stays under the garbage budget per step. */
class BenchPretrainTest {
  @Test
  void reportsThroughputAndGarbage() throws Exception {
    Cli.Result r = Cli.run("bench", "pretrain", "--recipe", TinyRuns.MAE.toString(), "--steps", "4", "--rounds", "1",
        "--warmup", "2", "--threads", "1", "--loader-threads", "1", "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertTrue(j.get("end_to_end_images_per_s").asDouble() > 0);
    assertTrue(j.get("step_images_per_s").asDouble() > 0);
    long garbage = j.get("loop_bytes_per_step").asLong();
    assertTrue(garbage > 0 && garbage <= 64 * 1024, "loop garbage per step " + garbage + " B");
  }
}
