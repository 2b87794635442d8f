package dev.autodidact.optim;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Times the update-only graph, per tensor vs flat, on realistic parameter lists (ResNet-18 CIFAR + SimCLR
 * head, ViT-Tiny/4 encoder, and a dim-32 ViT where per-op overhead dominates). Inputs are created once and reused, as a training session would. Run with
 * {@code mvn -q -B -o test -Dtest=UpdateBench -Dbench=true [-Dbench.threads=2]}.
 */
class UpdateBench {
  @Test
  @EnabledIfSystemProperty(named = "bench", matches = "true")
  void bench() throws Exception {
    int threads = Integer.getInteger("bench.threads", 2);
    int iters = Integer.getInteger("bench.iters", 30);
    System.out.printf("BENCH threads=%d iters=%d, runs interleaved (median ms per update)%n", threads, iters);
    for (var model : List.of(Map.entry("resnet18-cifar+head", resnet18()), Map.entry("vit-tiny/4", vit(192)),
        Map.entry("vit-12x32 (small)", vit(32)))) {
      long numel = model.getValue().values().stream().mapToLong(Shape::numel).sum();
      for (String type : List.of("sgd", "adamw")) {
        if (!(model.getKey() + ":" + type).contains(System.getProperty("bench.only", ""))) {
          continue;
        }
        UpdateRule rule = type.equals("sgd") ? new Sgd(0.9, 1e-6) : new AdamW(0.9, 0.95, 1e-8, 0.05);
        double[] t = time(List.of(new PerTensor(rule, null), new Flat(rule, null)), model.getValue(), threads, iters);
        System.out.printf("BENCH %-20s %6s tensors=%d params=%.2fM per-tensor=%.2f flat=%.2f ratio=%.2fx%n",
            model.getKey(), type, model.getValue().size(), numel / 1e6, t[0], t[1], t[0] / t[1]);
      }
    }
  }

  /** Median ms per run of each optimizer's update graph; runs alternate so machine load hits all alike. */
  static double[] time(List<Optimizer> opts, Map<String, Shape> shapes, int threads, int iters) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<OrtSession> sessions = new ArrayList<>();
    List<Map<String, OnnxTensor>> inputs = new ArrayList<>();
    try {
      for (Optimizer opt : opts) {
        Graph g = graph(opt, shapes);
        try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, threads)) {
          String prof = System.getProperty("bench.profile");
          if (prof != null) {
            o.enableProfiling(prof + "/" + opt.getClass().getSimpleName() + "-" + shapes.size());
          }
          sessions.add(env.createSession(g.toModel().toByteArray(), o));
        }
        inputs.add(randomInputs(env, g));
      }
      double[][] ms = new double[opts.size()][iters];
      for (int i = -3; i < iters; i++) {
        for (int k = 0; k < opts.size(); k++) {
          long t0 = System.nanoTime();
          try (OrtSession.Result res = sessions.get(k).run(inputs.get(k))) {
            if (i >= 0) {
              ms[k][i] = (System.nanoTime() - t0) / 1e6;
            }
          }
        }
      }
      double[] med = new double[opts.size()];
      for (int k = 0; k < med.length; k++) {
        Arrays.sort(ms[k]);
        med[k] = ms[k][iters / 2];
      }
      return med;
    } finally {
      for (OrtSession s : sessions) {
        if (System.getProperty("bench.profile") != null) {
          s.endProfiling();
        }
        s.close();
      }
      inputs.forEach(m -> m.values().forEach(OnnxTensor::close));
    }
  }

  static Graph graph(Optimizer opt, Map<String, Shape> shapes) {
    Graph g = new Graph("update");
    Map<String, Tensor> params = new LinkedHashMap<>();
    Map<String, Tensor> grads = new LinkedHashMap<>();
    shapes.forEach((n, s) -> {
      params.put(n, g.input(n, DType.FLOAT, s));
      grads.put(n, g.input("grad." + n, DType.FLOAT, s));
    });
    Tensor lr = g.input("lr", DType.FLOAT, Shape.scalar());
    Tensor step = g.input("step", DType.FLOAT, Shape.scalar());
    OptimizerStep r = opt.apply(g, opt.slots(params, grads), lr, step);
    // -Dbench.rawOutputs=true keeps ops' own output names, measuring the Identity that renaming adds.
    boolean raw = Boolean.getBoolean("bench.rawOutputs");
    r.params().forEach((n, t) -> {
      if (raw) {
        g.output(t);
      } else {
        g.output("new." + n, t);
      }
    });
    r.state().forEach((n, t) -> {
      if (raw) {
        g.output(t);
      } else {
        g.output("new." + n, t);
      }
    });
    return g;
  }

  static Map<String, OnnxTensor> randomInputs(OrtEnvironment env, Graph g) throws Exception {
    Random rnd = new Random(1);
    Map<String, OnnxTensor> in = new LinkedHashMap<>();
    for (Tensor t : g.inputs()) {
      float[] v = new float[(int) t.shape().numel()];
      for (int i = 0; i < v.length; i++) {
        v[i] = t.name().equals("step") ? 3 : (float) (rnd.nextGaussian() * 0.01);
      }
      in.put(t.name(), Tensors.toOrt(env, TensorData.floats(t.shape(), v)));
    }
    return in;
  }

  /** ResNet-18 with the CIFAR stem and SimCLR's [512, 128] head (Linear-BN-ReLU-Linear): 11.5M params. */
  static Map<String, Shape> resnet18() {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.put("stem.conv.weight", Shape.of(64, 3, 3, 3));
    bn(m, "stem.bn", 64);
    int in = 64;
    int[] widths = {64, 128, 256, 512};
    for (int s = 0; s < 4; s++) {
      for (int b = 0; b < 2; b++) {
        String p = "stage" + (s + 1) + ".block" + b;
        int w = widths[s];
        m.put(p + ".conv1.weight", Shape.of(w, in, 3, 3));
        bn(m, p + ".bn1", w);
        m.put(p + ".conv2.weight", Shape.of(w, w, 3, 3));
        bn(m, p + ".bn2", w);
        if (in != w) {
          m.put(p + ".down.conv.weight", Shape.of(w, in, 1, 1));
          bn(m, p + ".down.bn", w);
        }
        in = w;
      }
    }
    m.put("head.fc1.weight", Shape.of(512, 512));
    m.put("head.fc1.bias", Shape.of(512));
    bn(m, "head.bn1", 512);
    m.put("head.fc2.weight", Shape.of(128, 512));
    m.put("head.fc2.bias", Shape.of(128));
    return m;
  }

  /** A ViT encoder, patch 4 on 32×32, depth 12, MLP ratio 4 (149 tensors); d = 192 is ViT-Tiny. */
  static Map<String, Shape> vit(int d) {
    Map<String, Shape> m = new LinkedHashMap<>();
    m.put("patch_embed.weight", Shape.of(d, 3, 4, 4));
    m.put("patch_embed.bias", Shape.of(d));
    m.put("cls_token", Shape.of(1, 1, d));
    for (int b = 0; b < 12; b++) {
      String p = "block" + b;
      bn(m, p + ".norm1", d);
      m.put(p + ".attn.qkv.weight", Shape.of(3 * d, d));
      m.put(p + ".attn.qkv.bias", Shape.of(3 * d));
      m.put(p + ".attn.proj.weight", Shape.of(d, d));
      m.put(p + ".attn.proj.bias", Shape.of(d));
      bn(m, p + ".norm2", d);
      m.put(p + ".mlp.fc1.weight", Shape.of(4 * d, d));
      m.put(p + ".mlp.fc1.bias", Shape.of(4 * d));
      m.put(p + ".mlp.fc2.weight", Shape.of(d, 4 * d));
      m.put(p + ".mlp.fc2.bias", Shape.of(d));
    }
    bn(m, "norm", d);
    return m;
  }

  private static void bn(Map<String, Shape> m, String p, int c) {
    m.put(p + ".weight", Shape.of(c));
    m.put(p + ".bias", Shape.of(c));
  }

}
