package dev.autodidact.bench;

import dev.autodidact.UserInputException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import dev.autodidact.runtime.TrainSession;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training steps of several formulation variants of one recipe, interleaved in one process: every
 * variant's session is built first, then each round runs one step of every variant (order rotated per
 * round). On a shared machine whose speed drifts by ±30% between minutes, separate runs cannot resolve a
 * 3% change; interleaved steps see the same drift.
 */
public final class StepCompare {
  private StepCompare() {}

  /** A named set of graph build options, and session settings ({@code mempattern}, {@code arena}, {@code session.*}). */
  public record Variant(String label, Map<String, String> options) {
    public Variant {
      options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** Parses {@code label:key=value,key=value} (no options: the defaults); options keep their order. */
    public static Variant parse(String s) {
      int c = s.indexOf(':');
      String label = c < 0 ? s : s.substring(0, c);
      Map<String, String> o = new LinkedHashMap<>();
      if (c >= 0 && c + 1 < s.length()) {
        for (String kv : s.substring(c + 1).split(",")) {
          int e = kv.indexOf('=');
          if (e < 1) {
            throw new UserInputException("variant option must be key=value, got '" + kv + "' in '" + s + "'");
          }
          o.put(kv.substring(0, e).trim(), kv.substring(e + 1).trim());
        }
      }
      return new Variant(label, o);
    }
  }

  /**
   * Per-variant step times (ms), their median, and the median over rounds of (first variant's step time /
   * this variant's step time in the same round): the paired speedup, robust to drift between rounds.
   */
  public record Row(String label, Map<String, String> options, double stepMsMedian, double imagesPerS,
      double[] stepMs, double pairedSpeedup, double loss) {}

  /** Runs {@code warmup} untimed then {@code rounds} timed interleaved steps per variant. */
  public static List<Row> run(Recipe recipe, int batch, int warmup, int rounds, int threads, Device device,
      List<Variant> variants) throws OrtException {
    if (variants.isEmpty()) {
      throw new UserInputException("no variants to compare");
    }
    List<TrainSession> sessions = new ArrayList<>();
    List<OnnxTensor> owned = new ArrayList<>();
    List<Map<String, OnnxTensor>> feeds = new ArrayList<>();
    double[][] ms = new double[variants.size()][rounds];
    try {
      for (Variant v : variants) {
        // Session settings (mempattern, arena, session.* config entries) apply to this variant's session;
        // the other keys are graph build options.
        Map<String, String> graph = new LinkedHashMap<>();
        Map<String, String> session = new LinkedHashMap<>();
        v.options().forEach((k, val) -> (isSessionKey(k) ? session : graph).put(k, val));
        StepProgram p = StepBuilder.train(recipe, batch, 0, BuildOptions.parse(graph));
        try (OrtSession.SessionOptions o = Sessions.options(device, threads)) {
          StepBench.applySessionOptions(o, session);
          sessions.add(p.open(o));
        }
        feeds.add(StepBench.ortFeeds(p, owned));
      }
      int n = variants.size();
      for (int i = 0; i < warmup; i++) {
        for (int k = 0; k < n; k++) {
          sessions.get(k).step(feeds.get(k));
        }
      }
      for (int r = 0; r < rounds; r++) {
        for (int j = 0; j < n; j++) {
          int k = (j + r) % n;
          long s = System.nanoTime();
          sessions.get(k).step(feeds.get(k));
          ms[k][r] = (System.nanoTime() - s) / 1e6;
        }
      }
      List<Row> rows = new ArrayList<>();
      for (int k = 0; k < n; k++) {
        double med = median(ms[k]);
        double[] paired = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          paired[r] = ms[0][r] / ms[k][r];
        }
        rows.add(new Row(variants.get(k).label(), variants.get(k).options(), med, batch / (med / 1000), ms[k],
            median(paired), sessions.get(k).scalar(StepProgram.LOSS)));
      }
      return rows;
    } finally {
      sessions.forEach(TrainSession::close);
      owned.forEach(OnnxTensor::close);
    }
  }

  /** Keys of a variant that are session settings rather than graph build options. */
  static boolean isSessionKey(String key) {
    return key.equals("mempattern") || key.equals("arena") || key.startsWith("session.");
  }

  /** The median (mean of the middle two for an even count); NaN when empty. */
  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
