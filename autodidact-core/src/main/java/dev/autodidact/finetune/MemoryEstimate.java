package dev.autodidact.finetune;

import ai.onnx.proto.OnnxMl;
import dev.autodidact.UserInputException;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.recipe.Recipe;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A conservative estimate of a train step's peak memory, read from the step graph: the state twice (the
 * session double-buffers it) plus every intermediate value the graph computes, as if none were freed or
 * reused. ORT's planner reuses buffers, so the real peak is lower; refusing on this bound errs on the
 * side of not being killed half-way through a run.
 */
public final class MemoryEstimate {
  private MemoryEstimate() {}

  /** Estimated bytes of one step of {@code recipe} at {@code batch} images. */
  public static long bytes(Recipe recipe, int batch, int accumulate) {
    StepProgram p = StepBuilder.train(recipe, batch, 0, dev.autodidact.onnx.BuildOptions.DEFAULT, accumulate);
    long state = 0;
    for (var t : p.initialState().values()) {
      state += t.bytes().remaining();
    }
    OnnxMl.GraphProto g = p.model().getGraph();
    Map<String, Long> sizes = new HashMap<>();
    for (OnnxMl.ValueInfoProto v : g.getValueInfoList()) {
      sizes.put(v.getName(), size(v));
    }
    for (OnnxMl.ValueInfoProto v : g.getOutputList()) {
      sizes.put(v.getName(), size(v));
    }
    long inter = 0;
    for (OnnxMl.NodeProto n : g.getNodeList()) {
      for (String o : n.getOutputList()) {
        inter += sizes.getOrDefault(o, 0L);
      }
    }
    return 2 * state + inter;
  }

  private static long size(OnnxMl.ValueInfoProto v) {
    var tt = v.getType().getTensorType();
    long n = 1;
    for (var d : tt.getShape().getDimList()) {
      n *= d.hasDimValue() ? Math.max(1, d.getDimValue()) : 1;
    }
    int elem = switch (tt.getElemType()) {
      case 7, 11 -> 8; // int64, double
      case 9, 2, 3 -> 1; // bool, uint8, int8
      default -> 4;
    };
    return n * elem;
  }

  /**
   * Refuses (with a suggestion) when the estimate for {@code batch} exceeds {@code limit} bytes.
   *
   * @throws UserInputException naming the estimate and a batch / accumulation that would fit
   */
  public static void check(Recipe recipe, int batch, int accumulate, long limit) {
    long need = bytes(recipe, batch, accumulate);
    if (need <= limit) {
      return;
    }
    int b = batch;
    long est = need;
    while (b > 1 && est > limit) {
      b = Math.max(1, b / 2);
      est = bytes(recipe, b, accumulate);
    }
    String hint = est <= limit
        ? String.format(Locale.ROOT, "try --batch %d --accumulate %d (about %s, the same images per update)", b,
            accumulate * Math.max(1, batch / b), human(est))
        : "even batch 1 needs about " + human(est) + "; use a smaller recipe or a machine with more memory";
    throw new UserInputException(String.format(Locale.ROOT,
        "--max-memory %s: one step at batch %d needs about %s (upper bound); %s", human(limit), batch, human(need), hint));
  }

  /** Parses {@code 512m}, {@code 4g}, {@code 1500000}. */
  public static long parseSize(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
      mult = switch (t.charAt(t.length() - 1)) {
        case 'k' -> 1L << 10;
        case 'm' -> 1L << 20;
        default -> 1L << 30;
      };
      t = t.substring(0, t.length() - 1);
    }
    try {
      double v = Double.parseDouble(t);
      // Below one byte (0.5, 0.0001k) would become a limit of 0 that nothing fits.
      if (!(v * mult >= 1) || v * mult > Long.MAX_VALUE) {
        throw new NumberFormatException();
      }
      return (long) (v * mult);
    } catch (NumberFormatException e) {
      throw new UserInputException("--max-memory takes a size such as 512m or 4g, got " + s);
    }
  }

  /** {@code 500 B}, {@code 1.5 KiB}, {@code 512 MiB}, {@code 4.0 GiB}: one decimal below 10 of the unit. */
  static String human(long bytes) {
    if (bytes < 1L << 10) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB"};
    int u = bytes >= 1L << 30 ? 2 : bytes >= 1L << 20 ? 1 : 0;
    double v = bytes / (double) (1L << (10 * (u + 1)));
    return String.format(Locale.ROOT, v < 10 || u == 2 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }
}
