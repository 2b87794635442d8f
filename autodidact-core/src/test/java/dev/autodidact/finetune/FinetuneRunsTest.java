package dev.autodidact.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.api.ClassifierManifest;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.data.DataFingerprint;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.train.Checkpoint;
import dev.autodidact.train.CheckpointLocator;
import dev.autodidact.train.CheckpointStore;
import dev.autodidact.train.Overrides;
import dev.autodidact.train.RunSpec;
import dev.autodidact.train.RunSummary;
import dev.autodidact.train.StopSignal;
import dev.autodidact.train.Trainer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tiny fine-tuning runs: early stopping and best/ under a chosen metric sequence; export of a run. */
class FinetuneRunsTest {
  static final Path DATA = Path.of("testdata", "fashion-mnist-sample");

  @TempDir Path dir;

  /** 20 % of the sample (500) held out first, then 5 images per class of the rest (50): 3 steps of 16 per epoch. */
  private static FinetuneData data() {
    return FinetuneData.prepare(DATA, null, 0.2, 5, DecodeOptions.of(1),
        new FinetuneData.LabelOptions(List.of(), MultiLabelCsv.Uncertain.IGNORE, MultiLabelCsv.Blank.ZEROS,
            Optional.empty()), 4);
  }

  private static Recipe recipe(FinetuneData fd) {
    return Recipe.load(Path.of("testdata/recipes/tiny-classifier.json"))
        .withClassifier(new Recipe.Classifier(10, false, "full", false, null));
  }

  private static RunSpec spec(Recipe r, Path out, Overrides o) {
    return new RunSpec(r, o, DATA, out, 4, SessionConfig.of(Device.CPU, 1), 1, 5, 0, 2, 5, false);
  }

  private static FinetuneTask task(FinetuneData fd, Recipe eff, int patience) {
    return new FinetuneTask(fd, eff, InitWeights.none(), Validation.Metric.ACCURACY, patience, 1,
        SessionConfig.of(Device.CPU, 1), 1, 1);
  }

  @Test
  void patienceStopsAfterThatManyValidationsWithoutImprovementAndBestHoldsTheBestState() throws Exception {
    FinetuneData fd = data();
    Recipe file = recipe(fd);
    Overrides o = new Overrides(8, null, 16, null, null, null, null, null);
    // Validation accuracy by validation: best at the second; the two after it do not improve, so patience 2
    // stops there, before the 0.9 that a patient run would have reached.
    double[] sequence = {0.2, 0.5, 0.4, 0.45, 0.9, 0.95, 0.97, 0.99};
    List<Map<String, String>> seen = new ArrayList<>();
    FinetuneTask t = task(fd, o.apply(file), 2).scoredBy(state -> {
      seen.add(digest(state));
      return Map.of("accuracy", sequence[seen.size() - 1]);
    });
    Path run = dir.resolve("run");
    RunSummary s = new Trainer(spec(file, run, o), t).run(null, StopSignal.manual());
    assertEquals("early_stopped", s.status());
    assertEquals(4, seen.size(), "validations before stopping");
    long perEpoch = s.step() / 4;
    assertEquals(3, perEpoch);
    List<Path> best = new CheckpointStore(run, "best").list();
    assertEquals(1, best.size());
    assertEquals(String.format("step-%06d", 2 * perEpoch), best.get(0).getFileName().toString());
    Map<String, String> bestState = digest(SafeTensors.read(best.get(0).resolve(CheckpointStore.STATE)).tensors());
    assertEquals(seen.get(1), bestState, "best/ holds the state validated at 0.5");
    assertTrue(!seen.get(1).equals(seen.get(3)), "the state moved after the best validation");
    List<String> val = Files.readAllLines(run.resolve("metrics.jsonl")).stream().filter(l -> l.contains("val_accuracy")).toList();
    assertEquals(4, val.size());
    assertTrue(val.get(3).contains("\"best_accuracy\":0.5") && val.get(3).contains("\"best_epoch\":1"), val.get(3));
  }

  @Test
  void exportWritesTheManifestItReadsBackWithTheDataFingerprints() throws Exception {
    FinetuneData fd = data();
    Recipe file = recipe(fd);
    Overrides o = new Overrides(1, null, 16, null, null, null, null, null);
    Path run = dir.resolve("run");
    RunSummary s = new Trainer(spec(file, run, o), task(fd, o.apply(file), 0)).run(null, StopSignal.manual());
    assertEquals("completed", s.status());
    Checkpoint c = CheckpointLocator.open(run.resolve("best"));
    ClassifierExport.Result r = ClassifierExport.write(c, dir.resolve("out/model.onnx"));
    assertEquals(dir.resolve("out/model.json"), r.manifestFile());
    ClassifierManifest back = ClassifierManifest.read(r.manifestFile());
    assertEquals(r.manifest(), back, "what the writer wrote is what the reader reads");
    DataFingerprint train = c.trainer().data();
    assertNotNull(train);
    assertEquals(train, back.trainingData());
    assertEquals(50, back.trainingData().items());
    assertEquals(fd.valFingerprint(), back.validationData());
    assertEquals(500, back.validationData().items());
    assertTrue(!train.sha256().equals(back.validationData().sha256()));
    assertEquals(Map.of("accuracy", true, "balanced_accuracy", true, "auc", true, "images", true),
        Map.of("accuracy", back.validation().containsKey("accuracy"), "balanced_accuracy",
            back.validation().containsKey("balanced_accuracy"), "auc", back.validation().containsKey("auc"),
            "images", back.validation().containsKey("images")));
    assertEquals(c.trainer().step(), ((Number) back.source().get("step")).longValue());
  }

  private static Map<String, String> digest(Map<String, TensorData> state) {
    Map<String, String> d = new TreeMap<>();
    state.forEach((k, v) -> {
      ByteBuffer b = v.bytes().duplicate();
      byte[] a = new byte[b.remaining()];
      b.get(a);
      d.put(k, Integer.toHexString(java.util.Arrays.hashCode(a)) + "/" + a.length);
    });
    return d;
  }
}
