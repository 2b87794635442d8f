package dev.autodidact.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import dev.autodidact.testutil.Fixtures;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The inference encoder: dynamic batch, EVAL semantics, same names as training, weights-inside variant. */
class EvalEncoderTest {
  /** Rows [from, from + n) of a [N, ...] float tensor. */
  static TensorData rows(TensorData t, int from, int n) {
    long[] d = t.shape().dims();
    int per = t.size() / (int) d[0];
    float[] all = t.toFloats();
    d[0] = n;
    return TensorData.floats(Shape.of(d), java.util.Arrays.copyOfRange(all, from * per, (from + n) * per));
  }

  static Map<String, TensorData> state(EvalEncoder enc, Map<String, TensorData> fx) {
    Map<String, TensorData> s = new LinkedHashMap<>();
    for (ParamSpec p : enc.model().specs()) {
      TensorData v = fx.containsKey("param/" + p.name()) ? fx.get("param/" + p.name())
          : fx.get("after/buffer/" + p.name()); // non-trivial running stats
      s.put(p.name(), v);
    }
    return s;
  }

  @Test
  void resnetHasDynamicBatchAndRowIndependentFeatures() throws Exception {
    Recipe r = Fixtures.recipe("simclr-sgd");
    Map<String, TensorData> fx = Fixtures.tensors("simclr-sgd");
    EvalEncoder enc = EvalEncoder.build(r, Shape.DYNAMIC);
    assertEquals(Shape.DYNAMIC, enc.input().dim(0));
    assertEquals(Shape.of(Shape.DYNAMIC, 8), enc.features().shape());
    assertTrue(enc.model().bufferUpdates().isEmpty());
    Map<String, TensorData> feed = state(enc, fx);
    TensorData x = fx.get("input/x");
    try (ModelRunner run = new ModelRunner(enc.graph().toModel(), Device.CPU)) {
      feed.put("x", rows(x, 0, 5));
      TensorData five = run.run(feed).get("features");
      feed.put("x", rows(x, 3, 1));
      TensorData one = run.run(feed).get("features");
      assertEquals(Shape.of(5, 8), five.shape());
      assertTrue(Fixtures.maxAbsDiff(rows(five, 3, 1), one) < 1e-5, "EVAL BN makes rows independent");
    }
    // Weights inside: same features with only x fed.
    EvalEncoder inside = EvalEncoder.build(r, Shape.DYNAMIC, ParamSource.initializers(state(enc, fx)));
    assertEquals(1, inside.graph().inputs().size());
    try (ModelRunner a = new ModelRunner(enc.graph().toModel(), Device.CPU);
        ModelRunner b = new ModelRunner(inside.graph().toModel(), Device.CPU)) {
      feed.put("x", rows(x, 0, 2));
      assertTrue(Fixtures.maxAbsDiff(a.run(feed).get("features"), b.run(Map.of("x", rows(x, 0, 2))).get("features"))
          == 0);
    }
  }

  @Test
  void vitFeaturesAreTheClsTokenOfTheUnmaskedEncoder() throws Exception {
    Recipe r = Fixtures.recipe("mae-adamw");
    Map<String, TensorData> fx = Fixtures.tensors("mae-adamw");
    EvalEncoder enc = EvalEncoder.build(r, Shape.DYNAMIC);
    assertEquals(Shape.of(Shape.DYNAMIC, 16), enc.features().shape());
    Map<String, TensorData> feed = state(enc, fx);
    TensorData x = fx.get("input/x");
    feed.put("x", x);
    TensorData features;
    try (ModelRunner run = new ModelRunner(enc.graph().toModel(), Device.CPU)) {
      features = run.run(feed).get("features");
      feed.put("x", rows(x, 1, 3));
      assertTrue(Fixtures.maxAbsDiff(run.run(feed).get("features"), rows(features, 1, 3)) < 1e-5);
    }
    // The MAE training encoder with every patch kept, in order, computes the same cls token.
    Graph g = new Graph("mae-all");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.TRAIN);
    Tensor xin = g.input("x", DType.FLOAT, x.shape());
    Tensor ids = g.input("ids", DType.INT64, Shape.of(4, 16));
    Tensor latent = new Mae(r).forwardEncoder(mb, xin, ids, ids); // all kept: the permutation is its own restore
    g.output("cls", dev.autodidact.onnx.ShapeOps.slice(latent, 1, 0, 1));
    long[] all = new long[4 * 16];
    for (int i = 0; i < all.length; i++) {
      all[i] = i % 16;
    }
    Map<String, TensorData> in = state(enc, fx);
    in.put("x", x);
    in.put("ids", TensorData.longs(Shape.of(4, 16), all));
    try (ModelRunner run = new ModelRunner(g.toModel(), Device.CPU)) {
      TensorData cls = run.run(in).get("cls");
      TensorData flat = TensorData.ofBytes(DType.FLOAT, Shape.of(4, 16), cls.bytes());
      assertTrue(Fixtures.maxAbsDiff(flat, features) < 1e-5);
    }
  }
}
