import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.step.StepBuilder;
import dev.autodidact.step.StepProgram;
import dev.autodidact.bench.StepBench;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.StateSlot;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.Env;
import org.bytedeco.onnxruntime.MemoryInfo;
import org.bytedeco.onnxruntime.OrtDnnlProviderOptions;
import org.bytedeco.onnxruntime.RunOptions;
import org.bytedeco.onnxruntime.Session;
import org.bytedeco.onnxruntime.SessionOptions;
import org.bytedeco.onnxruntime.Value;

/**
 * Measurement harness for issue #15 (not part of the build): the training step of a recipe on bytedeco's
 * ONNX Runtime 1.28 build, with and without the oneDNN (DNNL) execution provider, in one process, one step
 * of each variant per round (order rotated), state fed back per variant (double-buffered, as TrainSession
 * does). Both variants start from the same state and feeds, so their losses step by step and their final
 * states are a numeric check of the DNNL EP against the CPU EP.
 *
 * <p>Run by tools/bench/dnnl.sh. Arguments: RECIPE BATCH ROUNDS WARMUP VARIANTS [PROFILE_PREFIX] [key=value
 * graph options...]; VARIANTS is a comma list of cpu, dnnl.
 */
public final class DnnlStepBench {
  private static final MemoryInfo CPU_MEM = MemoryInfo.CreateCpu(0 /* OrtArenaAllocator */, 0 /* OrtMemTypeDefault */);

  /** One session with its own double-buffered state. */
  static final class Variant {
    final String name;
    final Session session;
    final List<StateSlot> slots;
    final List<String> scalars;
    final BytePointer[][] mem; // [2][slot]
    final TensorData[] like;
    final BytePointer[] scalarMem;
    final PointerPointer<BytePointer> inNames;
    final PointerPointer<BytePointer> outNames;
    final List<String> feedNames;
    final Map<String, BytePointer> feedMem;
    final Map<String, TensorData> feedLike;
    int current;

    Variant(String name, String engine, Env env, StepProgram p, Map<String, TensorData> feeds, int threads, String profile) {
      this.name = name;
      SessionOptions o = new SessionOptions();
      o.SetIntraOpNumThreads(threads);
      o.SetInterOpNumThreads(1);
      o.SetGraphOptimizationLevel(99); // ORT_ENABLE_ALL
      o.AddConfigEntry("session.intra_op.allow_spinning", "0");
      if (profile != null) {
        o.EnableProfiling(new BytePointer(profile + "-" + name.replaceAll("[^A-Za-z0-9.=_-]", "_")));
      }
      if (engine.equals("dnnl")) {
        OrtDnnlProviderOptions d = new OrtDnnlProviderOptions();
        d.use_arena(1);
        d.threadpool_args(null);
        o.AppendExecutionProvider_Dnnl(d);
      }
      byte[] model = p.model().toByteArray();
      BytePointer mp = new BytePointer(model);
      this.session = new Session(env, mp, model.length, o);
      this.slots = p.slots();
      this.scalars = p.scalars();
      this.mem = new BytePointer[2][slots.size()];
      this.like = new TensorData[slots.size()];
      for (int i = 0; i < slots.size(); i++) {
        StateSlot s = slots.get(i);
        TensorData v = p.initialState().get(s.input());
        like[i] = v;
        mem[0][i] = copy(v);
        mem[1][i] = s.updated() ? copy(v) : mem[0][i];
      }
      this.scalarMem = new BytePointer[scalars.size()];
      for (int i = 0; i < scalars.size(); i++) {
        scalarMem[i] = new BytePointer(8);
      }
      this.feedNames = new ArrayList<>(feeds.keySet());
      this.feedMem = new HashMap<>();
      this.feedLike = feeds;
      for (String f : feedNames) {
        feedMem.put(f, copy(feeds.get(f)));
      }
      List<String> ins = new ArrayList<>();
      slots.forEach(s -> ins.add(s.input()));
      ins.addAll(feedNames);
      List<String> outs = new ArrayList<>();
      slots.stream().filter(StateSlot::updated).forEach(s -> outs.add(s.output()));
      outs.addAll(scalars);
      this.inNames = new PointerPointer<>(ins.toArray(String[]::new));
      this.outNames = new PointerPointer<>(outs.toArray(String[]::new));
    }

    static BytePointer copy(TensorData v) {
      ByteBuffer src = v.bytes().duplicate();
      BytePointer bp = new BytePointer(Math.max(8, src.remaining()));
      bp.asByteBuffer().order(ByteOrder.nativeOrder()).put(src);
      return bp;
    }

    static Value wrap(BytePointer bp, TensorData like) {
      long[] shape = like.shape().dims();
      return Value.CreateTensor(CPU_MEM.asOrtMemoryInfo(), bp, (long) like.size() * like.dtype().bytes(), shape,
          shape.length, like.dtype().proto().getNumber());
    }

    /** One step: state from set {@code current}, new state into the other set. Returns ms. */
    double step() {
      int nIn = slots.size() + feedNames.size();
      Value in = new Value(nIn);
      int k = 0;
      for (int i = 0; i < slots.size(); i++) {
        in.position(k++).put(wrap(mem[current][i], like[i]));
      }
      for (String f : feedNames) {
        in.position(k++).put(wrap(feedMem.get(f), feedLike.get(f)));
      }
      int nOut = (int) slots.stream().filter(StateSlot::updated).count() + scalars.size();
      Value out = new Value(nOut);
      k = 0;
      for (int i = 0; i < slots.size(); i++) {
        if (slots.get(i).updated()) {
          out.position(k++).put(wrap(mem[1 - current][i], like[i]));
        }
      }
      for (int i = 0; i < scalars.size(); i++) {
        out.position(k++).put(wrap(scalarMem[i], TensorData.floats(dev.autodidact.onnx.Shape.scalar(), 0f)));
      }
      in.position(0);
      out.position(0);
      long t0 = System.nanoTime();
      session.Run(new RunOptions(), inNames, in, nIn, outNames, out, nOut);
      double ms = (System.nanoTime() - t0) / 1e6;
      in.close();
      out.close();
      current = 1 - current;
      return ms;
    }

    float scalar(String n) {
      return scalarMem[scalars.indexOf(n)].asByteBuffer().order(ByteOrder.nativeOrder()).getFloat(0);
    }

    /** The current state as float arrays (float slots only). */
    Map<String, float[]> state() {
      Map<String, float[]> r = new LinkedHashMap<>();
      for (int i = 0; i < slots.size(); i++) {
        if (like[i].dtype() == dev.autodidact.onnx.DType.FLOAT) {
          float[] f = new float[like[i].size()];
          mem[current][i].asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().get(f);
          r.put(slots.get(i).input(), f);
        }
      }
      return r;
    }
  }

  public static void main(String[] a) throws Exception {
    Recipe recipe = Recipe.load(Path.of(a[0]));
    int batch = Integer.parseInt(a[1]);
    int rounds = Integer.parseInt(a[2]);
    int warmup = Integer.parseInt(a[3]);
    String[] names = a[4].split(",");
    String profile = a.length > 5 && !a[5].equals("-") ? a[5] : null;
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 6; i < a.length; i++) {
      String[] kv = a[i].split("=", 2);
      opts.put(kv[0], kv[1]);
    }
    int threads = Integer.getInteger("threads", 2);
    Env env = new Env(Integer.getInteger("ortlog", 3), "bench");
    List<Variant> vs = new ArrayList<>();
    for (String n : names) {
      // A variant is ENGINE[@key=value@...]: its own graph build options on top of the common ones.
      String[] parts = n.split("@");
      Map<String, String> own = new LinkedHashMap<>(opts);
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].split("=", 2);
        own.put(kv[0], kv[1]);
      }
      StepProgram p = StepBuilder.train(recipe, batch, 0, BuildOptions.parse(own));
      Map<String, TensorData> feeds = StepBench.randomFeeds(p, new SplittableRandom(1));
      long t0 = System.nanoTime();
      vs.add(new Variant(n, parts[0], env, p, feeds, threads, profile));
      System.err.printf(Locale.ROOT, "# %s session built in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
    }
    double[][] ms = new double[vs.size()][rounds];
    float[][] loss = new float[vs.size()][warmup + rounds];
    for (int r = 0; r < warmup + rounds; r++) {
      for (int j = 0; j < vs.size(); j++) {
        int k = (j + r) % vs.size();
        double t = vs.get(k).step();
        loss[k][r] = vs.get(k).scalar(StepProgram.LOSS);
        if (r >= warmup) {
          ms[k][r - warmup] = t;
        }
        Thread.sleep(50); // let the other runtime's workers go idle
      }
    }
    for (int k = 0; k < vs.size(); k++) {
      double[] paired = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        paired[r] = ms[0][r] / ms[k][r];
      }
      double med = median(ms[k]);
      System.out.printf(Locale.ROOT,
          "{\"variant\":\"%s\",\"recipe\":\"%s\",\"batch\":%d,\"step_ms_median\":%.1f,\"images_per_s\":%.2f,"
              + "\"paired_speedup_vs_first\":%.3f,\"paired_min\":%.3f,\"paired_max\":%.3f,\"step_ms\":%s,\"loss\":%s,"
              + "\"peak_rss_mb\":%.0f}%n",
          vs.get(k).name, recipe.name(), batch, med, batch / (med / 1000), median(paired),
          Arrays.stream(paired).min().orElse(Double.NaN), Arrays.stream(paired).max().orElse(Double.NaN),
          Arrays.toString(Arrays.stream(ms[k]).map(x -> Math.round(x)).toArray()), Arrays.toString(loss[k]),
          StepBench.peakRssMb());
    }
    if (vs.size() > 1) {
      Map<String, float[]> s0 = vs.get(0).state();
      for (int k = 1; k < vs.size(); k++) {
        // Relative L2 error per tensor, the worst parameter and the worst of any state (optimizer moments
        // of BN parameters are sums that nearly cancel, so their element-wise error is not informative).
        double worstP = 0;
        double worstAll = 0;
        String atP = "";
        String atAll = "";
        for (Map.Entry<String, float[]> e : vs.get(k).state().entrySet()) {
          float[] x = e.getValue();
          float[] y = s0.get(e.getKey());
          double num = 0;
          double den = 1e-30;
          for (int i = 0; i < x.length; i++) {
            num += (double) (x[i] - y[i]) * (x[i] - y[i]);
            den += (double) y[i] * y[i];
          }
          double rel = Math.sqrt(num / den);
          if (!e.getKey().startsWith("opt.") && rel > worstP) {
            worstP = rel;
            atP = e.getKey();
          }
          if (rel > worstAll) {
            worstAll = rel;
            atAll = e.getKey();
          }
        }
        System.out.printf(Locale.ROOT, "# state after %d steps, %s vs %s: worst relative L2 error: parameters %.3g (%s),"
            + " any state %.3g (%s)%n",
            warmup + rounds, vs.get(k).name, vs.get(0).name, worstP, atP, worstAll, atAll);
      }
    }
    for (Variant v : vs) {
      v.session.close(); // writes the profile, if enabled
    }
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    int n = s.length;
    return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
