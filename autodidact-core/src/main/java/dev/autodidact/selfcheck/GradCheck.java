package dev.autodidact.selfcheck;

import static dev.autodidact.onnx.Elementwise.mul;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import dev.autodidact.autodiff.Gradients;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Finite-difference check of gradient rules on ONNX Runtime.
 *
 * <p>The op's output is reduced to a scalar loss {@code Σ out·W} with a fixed random W (so no symmetry
 * hides a wrong sign or transpose). The analytic gradient comes from {@link Gradients}; the numeric one
 * from central differences of the same loss, on a random sample of elements of each input.
 *
 * <p>Tolerances: float64 checks use step 1e-6 and must agree to 1e-6. ORT has no float64 kernels for
 * Conv, ConvTranspose, Erf and the pools, so those run in float32 with step 1e-2 — exact for the linear
 * ops up to float rounding, O(h²) ≈ 1e-4 for Erf — and must agree to 5e-3. The error of an input is
 * norm-wise over its sampled elements, {@code ‖a − n‖ / ‖max(|a|, |n|)‖}, so that float32 noise on
 * a gradient that is exactly zero (a key bias under softmax) does not count as a failure while a wrong
 * sign, scale or index still does.
 */
public final class GradCheck {
  /** Tolerance of float64 checks. */
  public static final double TOL_DOUBLE = 1e-6;
  /** Tolerance of float32 checks. */
  public static final double TOL_FLOAT = 5e-3;
  /** Elements sampled per input (all when the input is smaller). */
  public static final int SAMPLES = 12;

  private GradCheck() {}

  /** Runs one case; never throws for a failing rule (the result carries the error). */
  public static CaseResult run(GradCase c, Device device) {
    DType t = c.inputs().stream().filter(InputSpec::differentiable).findFirst().orElseThrow().dtype();
    double tol = t == DType.DOUBLE ? TOL_DOUBLE : TOL_FLOAT;
    double h = t == DType.DOUBLE ? 1e-6 : 1e-2;
    try {
      return new CaseResult(c.op(), c.config(), t.toString(), maxRelErr(c, device, h), tol, null);
    } catch (Exception | AssertionError e) {
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new CaseResult(c.op(), c.config(), t.toString(), Double.NaN, tol, msg.lines().findFirst().orElse(msg));
    }
  }

  /** The forward (loss only) and backward (loss and gradients) models of a case, with its input values. */
  public record Models(ModelProto forward, ModelProto backward, Map<String, TensorData> values, List<String> diff) {}

  /** Builds the two models of a case; the values are drawn from the case's fixed seed. */
  public static Models models(GradCase c) {
    SplittableRandom rng = new SplittableRandom(c.toString().hashCode());
    Graph g = new Graph("gradcheck", c.formulation());
    List<Tensor> ins = new ArrayList<>();
    List<Tensor> diff = new ArrayList<>();
    Map<String, TensorData> values = new LinkedHashMap<>();
    for (InputSpec s : c.inputs()) {
      Tensor in = g.input(s.name(), s.dtype(), s.shape());
      ins.add(in);
      if (s.differentiable()) {
        diff.add(in);
      }
      values.put(s.name(), s.sample(rng));
    }
    Tensor out = c.build().apply(ins);
    double[] w = new double[Math.toIntExact(out.shape().numel())];
    for (int i = 0; i < w.length; i++) {
      w[i] = InputSpec.gaussian(rng);
    }
    // The loss is accumulated in float64 even for float32 ops, so its rounding does not swamp the
    // finite differences.
    Tensor weights = g.constant(TensorData.fromDoubles(DType.DOUBLE, out.shape(), w));
    Tensor out64 = out.dtype() == DType.DOUBLE ? out : Elementwise.cast(out, DType.DOUBLE);
    Tensor loss = Reduce.reduceSum(mul(out64, weights), false);
    g.output("loss", loss);
    ModelProto forward = g.toModel();
    Map<Tensor, Tensor> grads = Gradients.of(loss, diff);
    for (Tensor d : diff) {
      g.output("grad_" + d.name(), grads.get(d));
    }
    return new Models(forward, g.toModel(), values, diff.stream().map(Tensor::name).toList());
  }

  private static double maxRelErr(GradCase c, Device device, double h) throws OrtException {
    Models m = models(c);
    SplittableRandom rng = new SplittableRandom(c.toString().hashCode() * 31L + 7);
    Map<String, TensorData> values = new LinkedHashMap<>(m.values());
    ModelProto forward = m.forward();
    ModelProto backward = m.backward();
    double worst = 0;
    try (ModelRunner fwd = new ModelRunner(forward, device); ModelRunner bwd = new ModelRunner(backward, device)) {
      Map<String, TensorData> analytic = bwd.run(values);
      for (String d : m.diff()) {
        TensorData a = analytic.get("grad_" + d);
        TensorData x = values.get(d);
        double diff2 = 0;
        double norm2 = 0;
        for (int idx : sample(rng, x.size())) {
          // The step actually taken: in float32, x ± h rounds.
          double step = stepped(x, idx, h) - stepped(x, idx, -h);
          double num = (lossAt(fwd, values, d, x, idx, h) - lossAt(fwd, values, d, x, idx, -h)) / step;
          double an = a.getDouble(idx);
          diff2 += (an - num) * (an - num);
          norm2 += Math.max(an * an, num * num);
        }
        worst = Math.max(worst, Math.sqrt(diff2) / Math.max(Math.sqrt(norm2), 1e-12));
        values.put(d, x);
      }
    }
    return worst;
  }

  private static int[] sample(SplittableRandom rng, int n) {
    if (n <= SAMPLES) {
      int[] all = new int[n];
      for (int i = 0; i < n; i++) {
        all[i] = i;
      }
      return all;
    }
    return rng.ints(0, n).distinct().limit(SAMPLES).toArray();
  }

  private static double lossAt(ModelRunner fwd, Map<String, TensorData> values, String name, TensorData x, int idx,
      double delta) throws OrtException {
    values.put(name, perturbed(x, idx, delta));
    return fwd.run(values).get("loss").getDouble(0);
  }

  private static double stepped(TensorData x, int idx, double delta) {
    double v = x.getDouble(idx) + delta;
    return x.dtype() == DType.DOUBLE ? v : (float) v;
  }

  private static TensorData perturbed(TensorData x, int idx, double delta) {
    ByteBuffer b = ByteBuffer.allocate(x.bytes().remaining()).order(ByteOrder.LITTLE_ENDIAN);
    b.put(x.bytes()).flip();
    if (x.dtype() == DType.DOUBLE) {
      b.putDouble(idx * 8, b.getDouble(idx * 8) + delta);
    } else {
      b.putFloat(idx * 4, (float) (b.getFloat(idx * 4) + delta));
    }
    return TensorData.ofBytes(x.dtype(), x.shape(), b);
  }
}
