package dev.autodidact.selfcheck;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine self-check behind {@code autodidact doctor}: ORT version, execution providers, whether
 * CUDA really works, and every gradient rule against finite differences on the chosen device.
 */
public final class Doctor {
  private Doctor() {}

  /** One rule's verdict: the worst error over its cases. */
  public record RuleResult(String op, int cases, double maxRelErr, double tolerance, boolean pass, String error) {}

  /** Whether CUDA can be used, and if not, ORT's reason. */
  public record CudaStatus(boolean usable, String detail) {}

  /** The whole report. */
  public record Report(String ortVersion, List<String> providers, CudaStatus cuda, String device,
      List<RuleResult> rules, boolean pass) {}

  /** Runs every check on {@code device}. */
  public static Report run(Device device) {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    List<String> providers = OrtEnvironment.getAvailableProviders().stream().map(OrtProvider::name).toList();
    CudaStatus cuda = probeCuda();
    List<RuleResult> rules = new ArrayList<>();
    if (device.kind() == Device.Kind.CUDA && !cuda.usable()) {
      return new Report(env.getVersion(), providers, cuda, device.toString(), rules, false);
    }
    Map<String, List<CaseResult>> byOp = new LinkedHashMap<>();
    for (GradCase c : GradCases.all()) {
      byOp.computeIfAbsent(c.op(), k -> new ArrayList<>()).add(GradCheck.run(c, device));
    }
    boolean all = true;
    for (Map.Entry<String, List<CaseResult>> e : byOp.entrySet()) {
      double worst = 0;
      double tol = 0;
      String err = null;
      boolean pass = true;
      for (CaseResult r : e.getValue()) {
        // Report the case closest to its tolerance, so float32 and float64 cases compare fairly.
        if (r.error() == null && r.maxRelErr() / r.tolerance() >= worst / Math.max(tol, 1e-300)) {
          worst = r.maxRelErr();
          tol = r.tolerance();
        }
        if (!r.pass()) {
          pass = false;
          err = err != null ? err : r.config() + ": " + (r.error() != null ? r.error() : "error " + r.maxRelErr());
        }
      }
      all &= pass;
      rules.add(new RuleResult(e.getKey(), e.getValue().size(), worst, tol, pass, err));
    }
    return new Report(env.getVersion(), providers, cuda, device.toString(), rules, all);
  }

  /** Tries a real session on CUDA: listing the provider is not enough when a library is missing. */
  public static CudaStatus probeCuda() {
    if (!OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return new CudaStatus(false, "this build of ONNX Runtime has no CUDA provider (build with -Pgpu)");
    }
    Graph g = new Graph("cuda_probe");
    var x = g.input("x", DType.FLOAT, Shape.of(2));
    g.output("y", Elementwise.mul(x, x));
    try (ModelRunner r = new ModelRunner(g.toModel(), new Device(Device.Kind.CUDA, 0))) {
      double y = r.run(Map.of("x", TensorData.floats(Shape.of(2), 3f, 4f))).get("y").getDouble(1);
      return y == 16.0 ? new CudaStatus(true, "CUDA session ran") : new CudaStatus(false, "CUDA gave a wrong result");
    } catch (OrtException | RuntimeException | UnsatisfiedLinkError e) {
      String m = e.getMessage() == null ? e.toString() : e.getMessage();
      return new CudaStatus(false, m.lines().findFirst().orElse(m));
    }
  }
}
