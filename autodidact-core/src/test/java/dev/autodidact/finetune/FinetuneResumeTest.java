package dev.autodidact.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.Overrides;
import dev.autodidact.train.RunSpec;
import dev.autodidact.train.RunSummary;
import dev.autodidact.train.StopSignal;
import dev.autodidact.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fine-tuning run stopped mid-epoch and resumed ends bit-identical to an uninterrupted one, best/ included. */
class FinetuneResumeTest {
  @TempDir Path dir;

  @Test
  void interruptedAndResumedEqualsUninterrupted() throws Exception {
    Recipe file = Recipe.load(Path.of("testdata/recipes/tiny-classifier.json"));
    Path data = Path.of("testdata", "fashion-mnist-sample");
    FinetuneData fd = FinetuneData.prepare(data, null, 0.2, 20, DecodeOptions.of(1),
        new FinetuneData.LabelOptions(List.of(), MultiLabelCsv.Uncertain.IGNORE, MultiLabelCsv.Blank.ZEROS,
            Optional.empty()), 4);
    assertEquals(200, fd.train().size());
    Recipe eff = file.withClassifier(new Recipe.Classifier(10, false, "full", false, fd.trainTargets().inverseFrequencyWeights()));
    Overrides o = new Overrides(4, null, 16, null, null, null, null, null);
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    RunSummary sa = new Trainer(spec(eff, data, a, o), task(fd, o.apply(eff))).run(null, StopSignal.manual());
    assertEquals("completed", sa.status());
    RunSummary first = new Trainer(spec(eff, data, b, o), task(fd, o.apply(eff))).run(null, StopSignal.atStep(19));
    assertEquals("interrupted", first.status());
    Checkpoint c = new CheckpointStore(b).newest(Trainer.recipeJson(o.apply(eff)), false);
    assertEquals(19, c.trainer().step());
    assertTrue(c.trainer().task().has("best"), "the task's progress is in trainer.json");
    RunSummary sb = new Trainer(spec(eff, data, b, o), task(fd, o.apply(eff))).run(c, StopSignal.manual());
    assertEquals(sa.step(), sb.step());
    assertEquals(state(a, "checkpoints"), state(b, "checkpoints"));
    assertEquals(state(a, "best"), state(b, "best"));
    // Validation lines are identical (loss lines after the resume average a shorter interval).
    assertEquals(valLines(a), valLines(b));
    assertEquals(4, valLines(a).size());
  }

  private static List<String> valLines(Path run) throws Exception {
    return Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("val_"))
        .map(l -> l.replaceAll(",\"seconds\".*", "")).toList();
  }

  private static RunSpec spec(Recipe r, Path data, Path out, Overrides o) {
    return new RunSpec(r, o, data, out, 4, SessionConfig.of(Device.CPU, 1), 1, 5, 0, 2, 5, false);
  }

  private static FinetuneTask task(FinetuneData fd, Recipe eff) {
    return new FinetuneTask(fd, eff, InitWeights.none(), Validation.Metric.BALANCED_ACCURACY, 0, 1,
        SessionConfig.of(Device.CPU, 1), 1, 1);
  }

  private static Map<String, String> state(Path run, String folder) throws Exception {
    Path newest = new CheckpointStore(run, folder).list().get(0);
    Map<String, TensorData> t = SafeTensors.read(newest.resolve(CheckpointStore.STATE)).tensors();
    java.util.TreeMap<String, String> r = new java.util.TreeMap<>();
    t.forEach((k, v) -> r.put(k, v.bytes().toString() + java.util.Arrays.hashCode(bytes(v))));
    r.put("#dir", newest.getFileName().toString());
    return r;
  }

  private static byte[] bytes(TensorData v) {
    byte[] b = new byte[v.bytes().remaining()];
    v.bytes().duplicate().get(b);
    return b;
  }
}
