package dev.autodidact.bench;

import static dev.autodidact.onnx.Elementwise.cast;
import static dev.autodidact.onnx.Elementwise.greater;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.where;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.Tensors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Single ORT 1.29 CPU kernels against equivalent op sequences, at the activation sizes of the reference
 * recipes' steps: the evidence behind the formulations chosen in autodiff and nn (docs/performance.md,
 * "ORT CPU kernel findings"). Each group is timed interleaved (one run of every graph per round), medians
 * over rounds, with a plain Mul of the same size as the yardstick. Run with
 * {@code mvn -q -B -o test -Dtest=OpMicroBench -Dbench=true [-Dbench.rounds=15] [-Dbench.threads=2]}.
 */
class OpMicroBench {
  private record Case(String name, long[][] inputs, Function<Tensor[], Tensor> f) {}

  @Test
  @EnabledIfSystemProperty(named = "bench", matches = "true")
  void bench() throws Exception {
    BigStack.call("op-bench", () -> {
      run("relu backward, x [512,32,28,28]", List.of(
          new Case("Where(x>0, g, 0)", shapes(2, 512, 32, 28, 28),
              in -> where(greater(in[0], zero(in[0])), in[1], zero(in[0]))),
          new Case("g*Cast(x>0)", shapes(2, 512, 32, 28, 28), in -> mul(in[1], cast(greater(in[0], zero(in[0])), DType.FLOAT))),
          new Case("Mul (yardstick)", shapes(2, 512, 32, 28, 28), in -> mul(in[0], in[1]))));
      run("layer norm, x [256,65,128]", List.of(
          new Case("LayerNormalization", new long[][] {{256, 65, 128}, {128}, {128}},
              in -> Nn.layerNorm(in[0], in[1], in[2], -1, 1e-6)),
          new Case("decomposed", new long[][] {{256, 65, 128}, {128}, {128}},
              in -> Nn.layerNormDecomposed(in[0], in[1], in[2], 1e-6)),
          new Case("Mul (yardstick)", shapes(2, 256, 65, 128), in -> mul(in[0], in[0]))));
      run("bias gradient, g [256,65,512] summed over (0,1)", List.of(
          new Case("ReduceSum(0,1)", shapes(1, 256, 65, 512), in -> Reduce.reduceSum(in[0], false, 0, 1)),
          new Case("ones·g MatMul", shapes(1, 256, 65, 512), in -> Reduce.sumLeading(in[0], 2)),
          new Case("Mul (yardstick)", shapes(2, 256, 65, 512), in -> mul(in[0], in[1]))));
      run("BN per-channel sum, x [512,32,28,28]", List.of(
          new Case("ReduceSum(0,2,3)", shapes(1, 512, 32, 28, 28), in -> Reduce.reduceSum(in[0], true, 0, 2, 3)),
          new Case("ReduceSum(2,3) then 0", shapes(1, 512, 32, 28, 28),
              in -> Reduce.reduceSum(Reduce.reduceSum(in[0], true, 2, 3), true, 0)),
          new Case("ReduceSumSquare(0,2,3)", shapes(1, 512, 32, 28, 28), in -> Reduce.reduceSumSquare(in[0], true, 0, 2, 3)),
          new Case("Mul (yardstick)", shapes(2, 512, 32, 28, 28), in -> mul(in[0], in[1]))));
      run("attention head layout, x [256,65,4,32]", List.of(
          new Case("Transpose 0213", shapes(1, 256, 65, 4, 32), in -> ShapeOps.transpose(in[0], 0, 2, 1, 3)),
          new Case("Transpose 0231", shapes(1, 256, 65, 4, 32), in -> ShapeOps.transpose(in[0], 0, 2, 3, 1)),
          new Case("row Gather (swapAxes12)", shapes(1, 256, 65, 4, 32), in -> Index.swapAxes12(in[0])),
          new Case("Mul (yardstick)", shapes(2, 256, 65, 4, 32), in -> mul(in[0], in[1]))));
      run("data movement, x [512,32,28,28]", List.of(
          new Case("Pad 1 each side", shapes(1, 512, 32, 28, 28),
              in -> ShapeOps.pad(in[0], new long[] {0, 0, 1, 1, 0, 0, 1, 1}, 0)),
          new Case("Slice stride 2 (H, W)", shapes(1, 512, 32, 28, 28),
              in -> ShapeOps.slice(in[0], new long[] {0, 0}, new long[] {28, 28}, new long[] {2, 3}, new long[] {2, 2})),
          new Case("Mul (yardstick)", shapes(2, 512, 32, 28, 28), in -> mul(in[0], in[1]))));
      return null;
    });
  }

  private static Tensor zero(Tensor like) {
    return like.graph().scalar(0, like.dtype());
  }

  private static long[][] shapes(int count, long... dims) {
    long[][] r = new long[count][];
    Arrays.fill(r, dims);
    return r;
  }

  private static void run(String title, List<Case> cases) throws Exception {
    int rounds = Integer.getInteger("bench.rounds", 15);
    int threads = Integer.getInteger("bench.threads", 2);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<OrtSession> sessions = new ArrayList<>();
    List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
    List<OnnxTensor> owned = new ArrayList<>();
    SplittableRandom rng = new SplittableRandom(7);
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, threads)) {
      for (Case c : cases) {
        Graph g = new Graph(c.name());
        Tensor[] in = new Tensor[c.inputs().length];
        Map<String, OnnxTensor> f = new LinkedHashMap<>();
        for (int i = 0; i < in.length; i++) {
          Shape s = Shape.of(c.inputs()[i]);
          in[i] = g.input("in" + i, DType.FLOAT, s);
          double[] v = new double[Math.toIntExact(s.numel())];
          Arrays.setAll(v, k -> rng.nextGaussian());
          OnnxTensor t = Tensors.toOrt(env, TensorData.fromDoubles(DType.FLOAT, s, v));
          owned.add(t);
          f.put("in" + i, t);
        }
        g.output("out", c.f().apply(in));
        sessions.add(env.createSession(g.toModel().toByteArray(), o));
        feeds.add(f);
      }
      double[][] ms = new double[cases.size()][rounds];
      for (int i = 0; i < cases.size(); i++) {
        for (int w = 0; w < 2; w++) {
          sessions.get(i).run(feeds.get(i)).close();
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < cases.size(); i++) {
          long t0 = System.nanoTime();
          sessions.get(i).run(feeds.get(i)).close();
          ms[i][r] = (System.nanoTime() - t0) / 1e6;
        }
      }
      System.out.printf("BENCH %s (%d threads, median of %d interleaved rounds)%n", title, threads, rounds);
      for (int i = 0; i < cases.size(); i++) {
        System.out.printf("BENCH   %-26s %7.2f ms%n", cases.get(i).name(), StepCompare.median(ms[i]));
      }
    } finally {
      sessions.forEach(s -> {
        try {
          s.close();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      owned.forEach(OnnxTensor::close);
    }
  }
}
