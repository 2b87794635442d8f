package dev.autodidact.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.UserInputException;
import dev.autodidact.step.FeedSpec;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.method.Classifier;
import dev.autodidact.nn.Initializer;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.optim.LrScales;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.Tensors;
import dev.autodidact.runtime.TrainSession;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The fine-tuning step: init, accumulation, LR groups, memory estimate. */
class FinetuneStepTest {
  static final Recipe RESNET = Recipe.load(Path.of("testdata/recipes/tiny-classifier.json"));
  static final Recipe VIT = Recipe.load(Path.of("testdata/recipes/tiny-classifier-vit.json"));

  @Test
  void initNoneAndPretrainedDifferOnlyInTheEncodersInitialState() {
    ModelBuilder mb = new ModelBuilder(new Graph("enc"), ModelBuilder.Mode.EVAL);
    Classifier.of(RESNET).features(mb, mb.graph().input("x", DType.FLOAT, Shape.of(1, 1, 8, 8)));
    Map<String, TensorData> pretrained = new Initializer(99).values(mb.specs(), DType.FLOAT);
    InitWeights init = new InitWeights("checkpoint", "test", pretrained, Map.of());
    StepProgram scratch = task(RESNET, InitWeights.none()).program(5);
    StepProgram tuned = task(RESNET, init).program(5);
    assertArrayEquals(scratch.model().toByteArray(), tuned.model().toByteArray());
    assertEquals(scratch.slots(), tuned.slots());
    assertEquals(scratch.feeds(), tuned.feeds());
    Set<String> differ = new TreeSet<>();
    scratch.initialState().forEach((k, v) -> {
      if (!v.bytes().equals(tuned.initialState().get(k).bytes())) {
        differ.add(k);
      }
    });
    assertTrue(differ.contains("encoder.stem.conv.weight"), differ.toString());
    assertTrue(differ.stream().allMatch(k -> k.startsWith("encoder.")), "only the encoder may differ: " + differ);
    pretrained.forEach((k, v) -> assertEquals(v.bytes(), tuned.initialState().get(k).bytes(), k));
    // A checkpoint of another encoder is refused with the tensor's name.
    Map<String, TensorData> wrong = new HashMap<>(pretrained);
    wrong.put("encoder.stem.conv.weight", TensorData.filled(DType.FLOAT, Shape.of(2, 2), 0));
    UserInputException e = assertThrows(UserInputException.class,
        () -> task(RESNET, new InitWeights("checkpoint", "x", wrong, Map.of())).program(5));
    assertTrue(e.getMessage().contains("encoder.stem.conv.weight"), e.getMessage());
  }

  @Test
  void accumulatingTwoHalfBatchesEqualsOneFullBatchWithoutBatchNorm() throws Exception {
    // ViT (LayerNorm only), AdamW, clipping and LR groups: all of the update path.
    Random rnd = new Random(3);
    int n = 8;
    float[] x = new float[n * 64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian();
    }
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextInt(4);
    }
    Map<String, TensorData> big = BigStack.call("t", () -> run(VIT, n, 1, x, labels));
    Map<String, TensorData> acc = BigStack.call("t", () -> run(VIT, n / 2, 2, x, labels));
    int compared = 0;
    for (Map.Entry<String, TensorData> e : big.entrySet()) {
      if (e.getKey().endsWith("attn.qkv.bias")) {
        // Its key third has an exactly-zero gradient (softmax is shift invariant): float noise there,
        // which AdamW's g / sqrt(v) turns into arbitrary updates (see testdata/reference/README.md).
        continue;
      }
      TensorData a = acc.get(e.getKey());
      double scale = 1e-12;
      double diff = 0;
      for (int i = 0; i < a.size(); i++) {
        scale = Math.max(scale, Math.abs(e.getValue().getDouble(i)));
        diff = Math.max(diff, Math.abs(a.getDouble(i) - e.getValue().getDouble(i)));
      }
      assertTrue(diff / scale < 2e-5, e.getKey() + " differs by " + diff / scale);
      compared++;
    }
    assertTrue(compared > 20);
    assertTrue(acc.keySet().stream().noneMatch(k -> k.startsWith("acc.") && !allZero(acc.get(k))),
        "gradient sums must be empty after the update");
  }

  /** Two updates of {@code micro}-image micro-batches, {@code accumulate} per update, on the same 8 images. */
  private static Map<String, TensorData> run(Recipe r, int micro, int accumulate, float[] x, long[] labels)
      throws Exception {
    Recipe rr = new Recipe(r.name(), r.method(), r.input(), r.encoder(), null, null, r.classifier(), r.optimizer(),
        r.schedule(), r.augment(), new Recipe.Train(micro), r.finetune());
    StepProgram p = StepBuilder.train(rr, micro, 1, dev.autodidact.onnx.BuildOptions.DEFAULT, accumulate);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<OnnxTensor> owned = new ArrayList<>();
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, 1);
        TrainSession ts = new TrainSession(p.model().toByteArray(), o, p.slots(), p.initialState(), p.scalars())) {
      for (int update = 1; update <= 2; update++) {
        for (int m = 0; m < accumulate; m++) {
          Map<String, OnnxTensor> feeds = new HashMap<>();
          float[] xs = java.util.Arrays.copyOfRange(x, m * micro * 64, (m + 1) * micro * 64);
          long[] ls = java.util.Arrays.copyOfRange(labels, m * micro, (m + 1) * micro);
          feeds.put("x", add(owned, Tensors.toOrt(env, TensorData.floats(Shape.of(micro, 1, 8, 8), xs))));
          feeds.put(Classifier.LABELS, add(owned, Tensors.toOrt(env, TensorData.longs(Shape.of(micro), ls))));
          feeds.put(StepProgram.LR, add(owned, Tensors.toOrt(env, TensorData.floats(Shape.scalar(), 1e-2f))));
          feeds.put(StepProgram.STEP, add(owned, Tensors.toOrt(env, TensorData.floats(Shape.scalar(), update))));
          if (accumulate > 1) {
            feeds.put(StepProgram.APPLY, add(owned, Tensors.toOrt(env,
                TensorData.floats(Shape.scalar(), m == accumulate - 1 ? 1f : 0f))));
          }
          for (FeedSpec f : p.feeds()) {
            assertTrue(feeds.containsKey(f.name()), f.name());
          }
          ts.step(feeds);
        }
      }
      return ts.state();
    } finally {
      owned.forEach(OnnxTensor::close);
    }
  }

  private static OnnxTensor add(List<OnnxTensor> owned, OnnxTensor t) {
    owned.add(t);
    return t;
  }

  private static boolean allZero(TensorData t) {
    for (int i = 0; i < t.size(); i++) {
      if (t.getDouble(i) != 0) {
        return false;
      }
    }
    return true;
  }

  @Test
  void layerwiseDecayGivesEachVitBlockItsFactor() {
    Map<String, Double> s = LrScales.of(VIT, List.of("encoder.patch_embed.weight", "encoder.block0.attn.qkv.weight",
        "encoder.block1.mlp.fc1.weight", "encoder.norm.weight", "classifier.weight"));
    // depth 2: patch embed 0.5·0.75³, block0 0.5·0.75², block1 0.5·0.75, norm 0.5, head 1.
    assertEquals(0.5 * Math.pow(0.75, 3), s.get("encoder.patch_embed.weight"), 1e-12);
    assertEquals(0.5 * Math.pow(0.75, 2), s.get("encoder.block0.attn.qkv.weight"), 1e-12);
    assertEquals(0.5 * 0.75, s.get("encoder.block1.mlp.fc1.weight"), 1e-12);
    assertEquals(0.5, s.get("encoder.norm.weight"), 1e-12);
    assertEquals(1.0, s.get("classifier.weight"));
    assertTrue(LrScales.uniform(LrScales.of(RESNET, List.of("encoder.stem.conv.weight", "classifier.bias"))));
  }

  @Test
  void lastNTrainsOnlyTheLastStagesAndTheHead() {
    Recipe r = RESNET.withClassifier(new Recipe.Classifier(10, false, "last:1", false, null));
    List<String> trainable = Classifier.of(r).build(new ModelBuilder(new Graph("g"), ModelBuilder.Mode.TRAIN), 4)
        .trainable().stream().map(p -> p.name()).toList();
    assertTrue(trainable.contains("classifier.weight"));
    assertTrue(trainable.stream().anyMatch(n -> n.startsWith("encoder.stage2.")));
    assertTrue(trainable.stream().noneMatch(n -> n.startsWith("encoder.stage1.") || n.startsWith("encoder.stem.")), trainable.toString());
  }

  @Test
  void lastNKeepsTheFrozenStagesWeightsAndBatchNormStatisticsBitIdentical() throws Exception {
    // last:1 on a two-stage ResNet: the stem and stage1 are frozen (BatchNorm in eval mode, like linear),
    // stage2 and the head train (BatchNorm in train mode).
    Recipe r = RESNET.withClassifier(new Recipe.Classifier(4, false, "last:1", false, null));
    Random rnd = new Random(11);
    int n = 8;
    float[] x = new float[n * 64];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) rnd.nextGaussian() * 2 + 1; // far from BN's initial running statistics (0, 1)
    }
    long[] labels = new long[n];
    for (int i = 0; i < n; i++) {
      labels[i] = rnd.nextInt(4);
    }
    Map<String, TensorData> before = StepBuilder.train(r, n, 1, dev.autodidact.onnx.BuildOptions.DEFAULT, 1).initialState();
    Map<String, TensorData> after = BigStack.call("t", () -> run(r, n, 1, x, labels));
    int frozen = 0;
    Set<String> changedTrained = new TreeSet<>();
    for (String k : before.keySet()) {
      boolean trains = k.startsWith("encoder.stage2.") || k.startsWith("classifier.");
      if (k.startsWith("encoder.stem.") || k.startsWith("encoder.stage1.")) {
        assertEquals(before.get(k).bytes(), after.get(k).bytes(), k + " is frozen but changed");
        frozen++;
      } else if (trains && !before.get(k).bytes().equals(after.get(k).bytes())) {
        changedTrained.add(k);
      }
    }
    assertTrue(frozen >= 10, "frozen tensors compared: " + frozen);
    assertTrue(before.keySet().stream().anyMatch(k -> k.startsWith("encoder.stage1.") && k.endsWith("running_mean")));
    // the trained stage moves, weights and BatchNorm statistics alike
    assertTrue(changedTrained.contains("encoder.stage2.block0.conv1.weight"), changedTrained.toString());
    assertTrue(changedTrained.contains("encoder.stage2.block0.bn1.running_mean"), changedTrained.toString());
    assertTrue(changedTrained.contains("encoder.stage2.block0.bn1.running_var"), changedTrained.toString());
    assertTrue(changedTrained.contains("classifier.weight"), changedTrained.toString());
  }

  @Test
  void memoryCheckRefusesWithASuggestion() {
    long need = MemoryEstimate.bytes(RESNET, 32, 1);
    assertTrue(need > MemoryEstimate.bytes(RESNET, 8, 1));
    MemoryEstimate.check(RESNET, 32, 1, need);
    UserInputException e = assertThrows(UserInputException.class, () -> MemoryEstimate.check(RESNET, 32, 1, need / 3));
    assertTrue(e.getMessage().contains("--accumulate"), e.getMessage());
    assertEquals(512L << 20, MemoryEstimate.parseSize("512m"));
    assertThrows(UserInputException.class, () -> MemoryEstimate.parseSize("lots"));
  }

  private static FinetuneTask task(Recipe r, InitWeights init) {
    return new FinetuneTask(null, r, init, Validation.Metric.ACCURACY, 0, 1, null, 1, 1);
  }
}
