package dev.autodidact.train;

import dev.autodidact.testutil.Cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code autodidact pretrain} and {@code export-encoder} end to end on the bundled sample, and their exit codes. */
class PretrainCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private static String[] args(Path recipe, Path out, String... more) {
    List<String> a = new java.util.ArrayList<>(List.of("pretrain", "--recipe", recipe.toString(), "--data",
        TinyRuns.FASHION.toString(), "--out", out.toString(), "--threads", "1", "--loader-threads", "2", "--device", "cpu"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"simclr", "mae"})
  void shortPretrainLowersTheLossAndExportsTheEncoder(String method) throws Exception {
    Path recipe = method.equals("simclr") ? TinyRuns.SIMCLR : TinyRuns.MAE;
    Path run = dir.resolve("run");
    Cli.Result r = Cli.run(args(recipe, run, "--max-steps", "40", "--log-every", "5", "--checkpoint-every", "20"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains(run.resolve("metrics.jsonl").toString()), r.out());
    assertTrue(r.out().contains("export-encoder"), r.out());

    List<JsonNode> all = Files.readAllLines(run.resolve("metrics.jsonl")).stream().map(PretrainCommandTest::parse).toList();
    List<JsonNode> lines = all.stream().filter(n -> n.has("loss")).toList();
    assertEquals(8, lines.size());
    // the quality monitor is on by default: once per epoch and at the end (here 40 steps < 1 epoch)
    List<JsonNode> monitor = all.stream().filter(n -> n.has("rankme")).toList();
    assertEquals(1, monitor.size(), all.toString());
    assertEquals(40, monitor.get(0).get("step").asInt());
    for (String f : List.of("step", "epoch", "loss", "lr", "images_per_s", "embedding_std", "grad_norm", "seconds")) {
      assertTrue(lines.get(0).has(f), f + " missing in " + lines.get(0));
    }
    double first = lines.get(0).get("loss").asDouble();
    double last = (lines.get(6).get("loss").asDouble() + lines.get(7).get("loss").asDouble()) / 2;
    assertTrue(last < 0.95 * first, method + ": loss " + first + " -> " + last);

    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("completed", summary.get("status").asText());
    assertEquals(40, summary.get("step").asInt());
    assertFalse(summary.get("collapse_warning").asBoolean());
    assertEquals(List.of(40L, 20L), new CheckpointStore(run).steps());

    Path model = dir.resolve("export/encoder.onnx");
    Cli.Result e = Cli.run("export-encoder", "--checkpoint", run.toString(), "--out", model.toString());
    assertEquals(0, e.code(), e.err());
    JsonNode m = JSON.readTree(dir.resolve("export/encoder.json").toFile());
    assertEquals(8, m.get("input").get("size").asInt());
    assertEquals(1, m.get("input").get("channels").asInt());
    assertEquals(0.286, m.get("input").get("mean").get(0).asDouble(), 1e-9);
    assertEquals(40, m.get("checkpoint").get("step").asInt());
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions())) {
      for (int n : new int[] {1, 3}) {
        try (OnnxTensor x = OnnxTensor.createTensor(env, new float[n][1][8][8]);
            OrtSession.Result out = s.run(Map.of("x", x))) {
          long[] shape = ((OnnxTensor) out.get(0)).getInfo().getShape();
          assertEquals(n, shape[0]);
        }
      }
    }
  }

  private static JsonNode parse(String s) {
    try {
      return JSON.readTree(s);
    } catch (Exception e) {
      throw new AssertionError(s, e);
    }
  }

  @Test
  void absurdLearningRateStopsCleanlyAndKeepsTheLastGoodCheckpoint() throws Exception {
    Path run = dir.resolve("nan");
    Cli.Result r = Cli.run(args(TinyRuns.SIMCLR, run, "--max-steps", "20", "--log-every", "1", "--checkpoint-every", "1",
        "--lr", "1e30"));
    assertEquals(1, r.code(), r.err());
    assertTrue(r.err().contains("training stopped at step"), r.err());
    assertTrue(r.err().contains("lower learning rate"), r.err());
    JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertEquals("diverged", summary.get("status").asText());
    CheckpointStore store = new CheckpointStore(run);
    Checkpoint last = store.newest(null, false);
    assertTrue(last.trainer().step() < summary.get("step").asLong());
    assertTrue(r.err().contains(last.dir().toString()), r.err());
    assertEquals(null, Trainer.firstNonFinite(last.state()));
  }

  @Test
  void corruptedStateIsRefusedWithItsPathAndAutoFallsBack() throws Exception {
    Path run = dir.resolve("corrupt");
    assertEquals(0, Cli.run(args(TinyRuns.MAE, run, "--max-steps", "6", "--checkpoint-every", "2")).code());
    Path newest = run.resolve("checkpoints/step-000006");
    Path state = newest.resolve("state.safetensors");
    byte[] b = Files.readAllBytes(state);
    b[b.length - 3] ^= 0x5a;
    Files.write(state, b);

    Cli.Result refused = Cli.run(args(TinyRuns.MAE, run, "--max-steps", "6", "--resume"));
    assertEquals(2, refused.code(), refused.err());
    assertTrue(refused.err().contains(newest.toString()) && refused.err().contains("state.safetensors"), refused.err());

    // A file whose manifest was rewritten to match still fails safetensors validation, with its path.
    Files.write(state, java.util.Arrays.copyOf(b, b.length - 16));
    dev.autodidact.artifact.Manifest.writeFor(newest, Map.of());
    CheckpointException e = org.junit.jupiter.api.Assertions.assertThrows(CheckpointException.class,
        () -> new CheckpointStore(run).read(newest, null));
    assertTrue(e.getMessage().contains(state.toString()), e.getMessage());

    // auto: the broken step 6 is set aside, training resumes from step 4 and writes a valid step 6.
    Cli.Result auto = Cli.run(args(TinyRuns.MAE, run, "--max-steps", "6", "--checkpoint-every", "2", "--resume", "auto"));
    assertEquals(0, auto.code(), auto.err());
    assertEquals(6, JSON.readTree(run.resolve("summary.json").toFile()).get("step").asInt());
    assertTrue(Files.isDirectory(run.resolve("checkpoints/refused-step-000006")));
    assertEquals(List.of(6L, 4L, 2L), new CheckpointStore(run).steps());
    new CheckpointStore(run).read(newest, null);
  }

  @Test
  void exitCodes() throws Exception {
    Path run = dir.resolve("codes");
    Cli.Result missing = Cli.run("pretrain", "--recipe", TinyRuns.SIMCLR.toString(), "--data", dir.resolve("nope").toString(),
        "--out", run.toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("does not exist"), missing.err());

    Path bad = Files.writeString(dir.resolve("bad.json"), "{\"name\": \"x\", \"method\": \"simclr\"}");
    assertEquals(2, Cli.run(args(bad, run)).code());
    assertEquals(2, Cli.run(args(dir.resolve("absent.json"), run)).code());
    Cli.Result temp = Cli.run(args(TinyRuns.MAE, run, "--temperature", "0.2"));
    assertEquals(2, temp.code());
    assertTrue(temp.err().contains("--temperature"), temp.err());
    assertEquals(2, Cli.run(args(TinyRuns.SIMCLR, run, "--batch", "0")).code());
    assertEquals(2, Cli.run(args(TinyRuns.SIMCLR, run, "--resume")).code());
    assertEquals(2, Cli.run(args(TinyRuns.SIMCLR, run, "--device", "cuda")).code());
    assertEquals(2, Cli.run(args(TinyRuns.SIMCLR, run, "--batch", "5000")).code());

    assertEquals(0, Cli.run(args(TinyRuns.SIMCLR, run, "--max-steps", "1")).code());
    Cli.Result again = Cli.run(args(TinyRuns.SIMCLR, run, "--max-steps", "1"));
    assertEquals(2, again.code());
    assertTrue(again.err().contains("--resume"), again.err());
    Cli.Result longer = Cli.run(args(TinyRuns.SIMCLR, run, "--max-steps", "2", "--resume"));
    assertEquals(2, longer.code());
    assertTrue(longer.err().contains("--max-steps 1, not 2"), longer.err());
    Cli.Result other = Cli.run(args(TinyRuns.SIMCLR, run, "--max-steps", "1", "--lr", "0.5", "--resume"));
    assertEquals(2, other.code());
    assertTrue(other.err().contains("optimizer.base_lr"), other.err());
  }
}
