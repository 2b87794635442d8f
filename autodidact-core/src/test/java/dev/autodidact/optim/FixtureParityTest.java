package dev.autodidact.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.artifact.SafeTensors;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each PyTorch fixture's two optimizer steps reproduced by the update graph: parameters and moments
 * within 1e-4 of each tensor's max. The AdamW zero-gradient slices of {@code attn.qkv.bias} are skipped
 * for parameters (AdamW turns their rounding-noise gradient into ±lr updates; see the README).
 */
class FixtureParityTest {
  static final double TOL = 1e-4;

  static Stream<Arguments> cases() {
    return Stream.of("simclr-sgd", "simclr-lars", "mae-adamw", "mae-adamw-nonormpix", "classifier-sgd")
        .flatMap(f -> f.contains("lars") ? Stream.of(Arguments.of(f, false))
            : Stream.of(Arguments.of(f, false), Arguments.of(f, true)));
  }

  @ParameterizedTest(name = "{0} flat={1}")
  @MethodSource("cases")
  void matchesPyTorch(String fixture, boolean flat) throws Exception {
    Path dir = Path.of("testdata/reference");
    JsonNode json = new ObjectMapper().readTree(dir.resolve(fixture + ".json").toFile());
    SafeTensors st = SafeTensors.read(dir.resolve(fixture + ".safetensors"));
    Recipe recipe = Recipe.parse(json.get("recipe").toString());
    Optimizer opt = Optimizers.fromRecipe(recipe.optimizer(), flat);
    List<String> names = new java.util.ArrayList<>();
    json.get("params").forEach(n -> names.add(n.asText()));
    Map<String, Shape> shapes = new LinkedHashMap<>();
    names.forEach(n -> shapes.put(n, st.get("param/" + n).shape()));
    Map<String, long[]> skip = new HashMap<>();
    if (recipe.optimizer().type().equals("adamw")) {
      json.path("zero_gradient_slices").forEach(z -> skip.put(z.get("param").asText(),
          new long[] {z.get("range").get(0).asLong(), z.get("range").get(1).asLong()}));
    }
    List<String> moments = opt instanceof Lars ? List.of("momentum")
        : ((opt instanceof Flat f) ? f.rule() : ((PerTensor) opt).rule()).moments();
    double lr = json.get("lr").asDouble();

    try (StepGraph sg = new StepGraph(opt, shapes)) {
      FlatLayout layout = FlatLayout.of(sg.slots);
      double[] worst = new double[2];
      for (int step = 1; step <= 2; step++) {
        String before = step == 1 ? "" : "after/";
        String gradKey = step == 1 ? "grad/" : "step2/grad/";
        String after = step == 1 ? "after/" : "step2/after/";
        Map<String, TensorData> params = new LinkedHashMap<>();
        Map<String, TensorData> grads = new LinkedHashMap<>();
        Map<String, TensorData> state = new LinkedHashMap<>();
        for (String n : names) {
          params.put(n, st.get(before + "param/" + n));
          grads.put(n, st.get(gradKey + n));
          if (step == 2) {
            for (String m : moments) {
              state.put(PerTensor.stateName(m, n), st.get("after/opt/" + m + "/" + n));
            }
          }
        }
        if (flat && step == 2) {
          state = layout.fromPerTensor(moments, state);
        }
        Map<String, TensorData> out = sg.run(params, grads, state, lr, step);
        if (flat) {
          out.putAll(layout.toPerTensor(moments, out));
        }
        double w = 0;
        for (String n : names) {
          w = Math.max(w, relErr(st.get(after + "param/" + n), out.get(n), skip.get(n), fixture + " step " + step + " param " + n));
          for (String m : moments) {
            w = Math.max(w, relErr(st.get(after + "opt/" + m + "/" + n), out.get(PerTensor.stateName(m, n)), null,
                fixture + " step " + step + " " + m + " " + n));
          }
        }
        worst[step - 1] = w;
      }
      System.out.printf("PARITY %s flat=%s step1 %.2e step2 %.2e%n", fixture, flat, worst[0], worst[1]);
    }
  }

  /** max|a − b| / max|ref| over a tensor (elements in {@code skip} [begin, end) ignored); asserts ≤ TOL. */
  static double relErr(TensorData ref, TensorData got, long[] skip, String what) {
    double[] r = ref.toDoubles();
    double[] o = got.toDoubles();
    assertTrue(r.length == o.length, what + ": size " + o.length + " != " + r.length);
    double max = 0;
    double diff = 0;
    for (int i = 0; i < r.length; i++) {
      max = Math.max(max, Math.abs(r[i]));
      if (skip != null && i >= skip[0] && i < skip[1]) {
        continue;
      }
      diff = Math.max(diff, Math.abs(r[i] - o[i]));
    }
    double rel = max == 0 ? diff : diff / max;
    assertTrue(rel <= TOL, what + ": max rel err " + rel);
    return rel;
  }
}
