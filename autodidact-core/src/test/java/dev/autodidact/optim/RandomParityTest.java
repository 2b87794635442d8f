package dev.autodidact.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Graph optimizers against {@link ReferenceOptimizers} over three steps of random gradients, with and
 * without clipping, per tensor (each tensor alone, or the small ones in shared chains) and flat. One parameter
 * is all zeros to exercise LARS's ‖p‖ = 0 branch.
 */
class RandomParityTest {
  static final Map<String, Shape> SHAPES = new LinkedHashMap<>();

  static {
    SHAPES.put("conv.weight", Shape.of(4, 3, 3, 3));
    SHAPES.put("bn.weight", Shape.of(4));
    SHAPES.put("fc.weight", Shape.of(5, 4));
    SHAPES.put("fc.bias", Shape.of(5));
    SHAPES.put("zero.weight", Shape.of(2, 3));
    SHAPES.put("token", Shape.of(1, 1, 6));
  }

  static Stream<Arguments> cases() {
    List<Arguments> r = new ArrayList<>();
    for (String type : List.of("sgd", "adamw", "lars")) {
      for (Double clip : new Double[] {null, 0.5}) {
        for (String layout : List.of("per-tensor", "grouped", "flat")) {
          if (!(type.equals("lars") && !layout.equals("per-tensor"))) {
            r.add(Arguments.of(type, clip, layout));
          }
        }
      }
    }
    return r.stream();
  }

  @ParameterizedTest(name = "{0} clip={1} {2}")
  @MethodSource("cases")
  void matchesReference(String type, Double clip, String layout) throws Exception {
    boolean flat = layout.equals("flat");
    double m = 0.9;
    double wd = type.equals("adamw") ? 0.05 : 1e-3;
    double lr = type.equals("lars") ? 0.5 : 0.01;
    UpdateRule rule = type.equals("sgd") ? new Sgd(m, wd) : new AdamW(0.9, 0.95, 1e-8, wd);
    Optimizer opt = type.equals("lars") ? new Lars(m, wd, 1e-3, clip)
        : flat ? new Flat(rule, clip) : new PerTensor(rule, clip, layout.equals("grouped") ? 16 : 0);
    List<String> moments = type.equals("adamw") ? List.of("exp_avg", "exp_avg_sq") : List.of("momentum");
    Random rnd = new Random(42);
    Map<String, double[]> p = new LinkedHashMap<>();
    Map<String, double[][]> st = new LinkedHashMap<>();
    SHAPES.forEach((n, s) -> {
      double[] v = new double[(int) s.numel()];
      if (!n.startsWith("zero")) {
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) rnd.nextGaussian();
        }
      }
      p.put(n, v);
      st.put(n, new double[][] {new double[v.length], new double[v.length]});
    });
    try (StepGraph sg = new StepGraph(opt, SHAPES)) {
      Map<String, TensorData> state = new LinkedHashMap<>();
      for (int step = 1; step <= 3; step++) {
        Map<String, TensorData> pin = new LinkedHashMap<>();
        Map<String, TensorData> gin = new LinkedHashMap<>();
        List<double[]> grads = new ArrayList<>();
        for (Slot s : sg.slots) {
          double[] g = new double[p.get(s.name()).length];
          for (int i = 0; i < g.length; i++) {
            g[i] = (float) (rnd.nextGaussian() * 0.3);
          }
          pin.put(s.name(), TensorData.fromDoubles(dev.autodidact.onnx.DType.FLOAT, SHAPES.get(s.name()), p.get(s.name())));
          gin.put(s.name(), TensorData.fromDoubles(dev.autodidact.onnx.DType.FLOAT, SHAPES.get(s.name()), g));
          grads.add(g);
        }
        Map<String, TensorData> out = sg.run(pin, gin, state, lr, step);
        double norm = ReferenceOptimizers.clip(grads, clip);
        assertEquals(norm, out.get("grad_norm").getDouble(0), 1e-5 * norm);
        for (int k = 0; k < sg.slots.size(); k++) {
          Slot s = sg.slots.get(k);
          double[] pv = p.get(s.name());
          double[][] mv = st.get(s.name());
          switch (type) {
            case "sgd" -> ReferenceOptimizers.sgd(pv, grads.get(k), mv[0], s.decay(), lr, m, wd);
            case "adamw" -> ReferenceOptimizers.adamw(pv, grads.get(k), mv[0], mv[1], s.decay(), lr, step, 0.9, 0.95, 1e-8, wd);
            default -> ReferenceOptimizers.lars(pv, grads.get(k), mv[0], s.decay(), lr, m, wd, 1e-3);
          }
        }
        // Feed the graph's own state back, as a training loop does.
        state = new LinkedHashMap<>();
        for (StateSpec spec : sg.specs) {
          state.put(spec.name(), out.get(spec.name()));
        }
        Map<String, TensorData> perTensor = flat ? FlatLayout.of(sg.slots).toPerTensor(moments, out) : out;
        for (Slot s : sg.slots) {
          assertClose(p.get(s.name()), out.get(s.name()), type + " step " + step + " " + s.name());
          for (int k = 0; k < moments.size(); k++) {
            assertClose(st.get(s.name())[k], perTensor.get(PerTensor.stateName(moments.get(k), s.name())),
                type + " step " + step + " " + moments.get(k) + " " + s.name());
          }
          // Keep the reference on the graph's float32 values so errors don't compound over steps.
          p.put(s.name(), out.get(s.name()).toDoubles());
        }
      }
    }
  }

  static void assertClose(double[] ref, TensorData got, String what) {
    double[] o = got.toDoubles();
    double max = 1e-12;
    double diff = 0;
    for (int i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.abs(ref[i]));
      diff = Math.max(diff, Math.abs(ref[i] - o[i]));
    }
    assertTrue(diff <= 2e-5 * max, what + ": max rel err " + diff / max);
  }
}
