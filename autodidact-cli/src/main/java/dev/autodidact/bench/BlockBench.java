package dev.autodidact.bench;

import dev.autodidact.UserInputException;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Forward + backward of single building blocks on ORT, interleaved with the same blocks in PyTorch
 * (tools/bench/torch_blocks.py as a child process), and ORT's per-op profile. Run via
 * tools/bench/blocks.sh; see docs/performance.md.
 *
 * <p>A variant is {@code name:key=value,key=value}. Keys: {@code opt} (none|basic|extended|all),
 * {@code mempattern} (0|1), {@code arena} (0|1), {@code spin} (0|1: session.intra_op.allow_spinning),
 * {@code parallel} (0|1: execution mode), {@code block.K} (overrides block parameter K for the ORT graph,
 * e.g. block.linear=gemm); any other key is a graph build option ({@link dev.autodidact.onnx.BuildOption}).
 */
public final class BlockBench {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final PrintStream OUT = System.out;

  private long convRows = 128;
  private long vitRows = 256;
  private Pattern blocks = Pattern.compile(".*");
  private final List<Variant> variants = new ArrayList<>();
  private int rounds = 5;
  private int reps = 3;
  private int warmup = 2;
  private int threads = 2;
  private boolean torch = true;
  private String python = "/usr/bin/python3";
  private String torchScript = "tools/bench/torch_blocks.py";
  private int profileRuns = 0;
  private Path profileDir = Path.of("target/bench-profiles");
  private Path jsonOut;
  private int topOps = 14;

  record Variant(String name, Map<String, String> settings) {
    // Same syntax as bench train-step --compare.
    static Variant parse(String s) {
      StepCompare.Variant v = StepCompare.Variant.parse(s);
      return new Variant(v.label(), v.options());
    }
  }

  public static void main(String[] args) throws Exception {
    BlockBench b = new BlockBench();
    b.parse(args);
    // ORT 1.29 recursed deeper than the default 1 MiB Java thread stack on some of these graphs (a
    // SIGSEGV with no hs_err file, seen at 8 rows): run on a thread with a large stack.
    BigStack.call("block-bench", () -> {
      b.run();
      return null;
    });
  }

  private void parse(String[] a) {
    for (int i = 0; i < a.length; i++) {
      String k = a[i];
      switch (k) {
        case "--rows" -> convRows = Long.parseLong(a[++i]);
        case "--vit-rows" -> vitRows = Long.parseLong(a[++i]);
        case "--blocks" -> blocks = Pattern.compile(a[++i]);
        case "--variant" -> variants.add(Variant.parse(a[++i]));
        case "--rounds" -> rounds = Integer.parseInt(a[++i]);
        case "--reps" -> reps = Integer.parseInt(a[++i]);
        case "--warmup" -> warmup = Integer.parseInt(a[++i]);
        case "--threads" -> threads = Integer.parseInt(a[++i]);
        case "--no-torch" -> torch = false;
        case "--python" -> python = a[++i];
        case "--torch-script" -> torchScript = a[++i];
        case "--profile" -> profileRuns = Integer.parseInt(a[++i]);
        case "--profile-dir" -> profileDir = Path.of(a[++i]);
        case "--json" -> jsonOut = Path.of(a[++i]);
        case "--top" -> topOps = Integer.parseInt(a[++i]);
        case "--list" -> {
          Blocks.standard(convRows, vitRows).forEach(s -> OUT.println(s.name() + "  " + s.params()));
          System.exit(0);
        }
        default -> throw new UserInputException("unknown argument " + k);
      }
    }
    if (variants.isEmpty()) {
      variants.add(new Variant("default", Map.of()));
    }
  }

  // ---- one ORT variant of one block ---------------------------------------------------------------------

  private final class Run implements AutoCloseable {
    final Variant v;
    final OrtSession session;
    final Map<String, OnnxTensor> feeds;
    final List<String> outputs;

    final boolean ownFeeds;

    Run(Blocks.Spec spec, Variant v, Map<String, OnnxTensor> shared, String profilePrefix) throws OrtException {
      this.v = v;
      Map<String, Object> params = new LinkedHashMap<>(spec.params());
      Map<String, String> formulation = new HashMap<>();
      for (Map.Entry<String, String> e : v.settings().entrySet()) {
        String key = e.getKey();
        if (key.startsWith("block.")) {
          params.put(key.substring(6), e.getValue());
        } else if (!SESSION_KEYS.contains(key)) {
          formulation.put(key, e.getValue());
        }
      }
      Blocks.Built built = Blocks.build(new Blocks.Spec(spec.name(), params), formulation);
      this.outputs = built.outputNames();
      // Variants that change the graph's inputs (block.linear=gemm transposes weights) get their own.
      boolean same = built.graph().inputs().stream().allMatch(t -> shared.containsKey(t.name())
          && Arrays.equals(shared.get(t.name()).getInfo().getShape(), t.shape().dims()));
      this.ownFeeds = !same;
      this.feeds = same ? shared : feeds(built.graph());
      byte[] model = built.graph().toModel().toByteArray();
      try (OrtSession.SessionOptions o = options(v, profilePrefix)) {
        this.session = OrtEnvironment.getEnvironment().createSession(model, o);
      }
    }

    double runOnce() throws OrtException {
      long t0 = System.nanoTime();
      try (OrtSession.Result r = session.run(feeds)) {
        return (System.nanoTime() - t0) / 1e6;
      }
    }

    Map<String, float[]> results() throws OrtException {
      Map<String, float[]> m = new LinkedHashMap<>();
      try (OrtSession.Result r = session.run(feeds)) {
        for (Map.Entry<String, OnnxValue> e : r) {
          FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
          float[] a = new float[fb.remaining()];
          fb.get(a);
          m.put(e.getKey(), a);
        }
      }
      return m;
    }

    @Override
    public void close() throws OrtException {
      session.close();
      if (ownFeeds) {
        for (OnnxTensor f : feeds.values()) {
          f.close();
        }
      }
    }
  }

  private static final java.util.Set<String> SESSION_KEYS = java.util.Set.of("opt", "mempattern", "arena", "spin", "parallel");

  private OrtSession.SessionOptions options(Variant v, String profilePrefix) throws OrtException {
    OrtSession.SessionOptions o = Sessions.options(Device.CPU, threads);
    Map<String, String> s = v.settings();
    if (s.containsKey("opt")) {
      o.setOptimizationLevel(switch (s.get("opt")) {
        case "none" -> OrtSession.SessionOptions.OptLevel.NO_OPT;
        case "basic" -> OrtSession.SessionOptions.OptLevel.BASIC_OPT;
        case "extended" -> OrtSession.SessionOptions.OptLevel.EXTENDED_OPT;
        default -> OrtSession.SessionOptions.OptLevel.ALL_OPT;
      });
    }
    if (s.containsKey("mempattern")) {
      o.setMemoryPatternOptimization(s.get("mempattern").equals("1"));
    }
    if (s.containsKey("arena")) {
      o.setCPUArenaAllocator(s.get("arena").equals("1"));
    }
    if (s.containsKey("spin")) {
      o.addConfigEntry("session.intra_op.allow_spinning", s.get("spin"));
    }
    if (s.containsKey("parallel")) {
      o.setExecutionMode(s.get("parallel").equals("1") ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
          : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
    }
    if (profilePrefix != null) {
      o.enableProfiling(profilePrefix);
    }
    return o;
  }

  // ---- feeds --------------------------------------------------------------------------------------------

  private static Map<String, OnnxTensor> feeds(Graph g) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    Map<String, OnnxTensor> m = new LinkedHashMap<>();
    SplittableRandom r = new SplittableRandom(42);
    for (Tensor t : g.inputs()) {
      int n = Math.toIntExact(t.shape().numel());
      FloatBuffer fb = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
      boolean positive = t.name().endsWith(".g") || t.name().endsWith("gamma") || t.name().endsWith("var");
      double scale = t.name().endsWith(".w") ? 1.0 / Math.sqrt(t.shape().numel() / (double) t.dim(0)) : 1.0;
      for (int i = 0; i < n; i++) {
        fb.put(i, (float) (positive ? 0.5 + r.nextDouble() : scale * gaussian(r)));
      }
      m.put(t.name(), OnnxTensor.createTensor(env, fb, t.shape().dims()));
    }
    return m;
  }

  private static double gaussian(SplittableRandom r) {
    double u = 1.0 - r.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
  }

  // ---- PyTorch child ------------------------------------------------------------------------------------

  private final class Torch implements AutoCloseable {
    final Process p;
    final BufferedWriter w;
    final BufferedReader r;

    Torch() throws IOException {
      ProcessBuilder pb = new ProcessBuilder(python, torchScript, Integer.toString(threads));
      Map<String, String> env = pb.environment();
      // The conditions the PyTorch numbers were taken under (docs/performance.md).
      env.remove("OPENBLAS_CORETYPE");
      env.remove("OPENBLAS_L2_SIZE");
      env.put("GLIBC_TUNABLES", "glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=68719476736");
      env.put("OMP_NUM_THREADS", Integer.toString(threads));
      pb.redirectError(ProcessBuilder.Redirect.INHERIT);
      p = pb.start();
      w = new BufferedWriter(new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
      r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String hello = r.readLine();
      if (hello == null) {
        throw new IOException("PyTorch child exited at start");
      }
      OUT.println("# torch: " + hello);
    }

    double[] run(Blocks.Spec spec, int n, int warm) throws IOException {
      Map<String, Object> req = new LinkedHashMap<>();
      req.put("block", spec.params());
      req.put("reps", n);
      req.put("warmup", warm);
      w.write(JSON.writeValueAsString(req));
      w.newLine();
      w.flush();
      String line = r.readLine();
      if (line == null) {
        throw new IOException("PyTorch child died");
      }
      JsonNode t = JSON.readTree(line).get("times_ms");
      double[] d = new double[t.size()];
      for (int i = 0; i < d.length; i++) {
        d[i] = t.get(i).asDouble();
      }
      return d;
    }

    @Override
    public void close() throws IOException {
      w.close();
      try {
        p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  // ---- main loop ----------------------------------------------------------------------------------------

  private static double median(List<Double> v) {
    return StepCompare.median(v.stream().mapToDouble(Double::doubleValue).toArray());
  }

  private static void pause() {
    try {
      Thread.sleep(60); // let the other runtime's worker threads stop spinning
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void run() throws Exception {
    OUT.printf("# BlockBench: conv rows %d, vit rows %d, %d threads, %d rounds x %d reps (+%d warm-up), variants %s%n",
        convRows, vitRows, threads, rounds, reps, warmup, variants);
    List<Map<String, Object>> records = new ArrayList<>();
    try (Torch t = torch ? new Torch() : null) {
      for (Blocks.Spec spec : Blocks.standard(convRows, vitRows)) {
        if (!blocks.matcher(spec.name()).find()) {
          continue;
        }
        records.addAll(bench(spec, t));
      }
    }
    if (jsonOut != null) {
      Files.createDirectories(jsonOut.toAbsolutePath().getParent());
      JSON.writerWithDefaultPrettyPrinter().writeValue(jsonOut.toFile(), records);
    }
  }

  private List<Map<String, Object>> bench(Blocks.Spec spec, Torch torchChild) throws Exception {
    Map<String, OnnxTensor> feeds = feeds(Blocks.build(spec).graph());
    List<Run> runs = new ArrayList<>();
    List<Map<String, Object>> records = new ArrayList<>();
    try {
      for (Variant v : variants) {
        runs.add(new Run(spec, v, feeds, null));
      }
      check(spec, runs);
      Map<String, List<Double>> times = new LinkedHashMap<>();
      for (Run r : runs) {
        times.put(r.v.name(), new ArrayList<>());
      }
      if (torchChild != null) {
        times.put("torch", new ArrayList<>());
      }
      int slots = runs.size() + (torchChild != null ? 1 : 0);
      for (int round = 0; round < rounds; round++) {
        for (int j = 0; j < slots; j++) {
          int slot = (j + round) % slots; // rotate the order so none always runs first
          pause();
          if (slot < runs.size()) {
            Run r = runs.get(slot);
            for (int i = 0; i < (round == 0 ? warmup : 0); i++) {
              r.runOnce();
            }
            for (int i = 0; i < reps; i++) {
              times.get(r.v.name()).add(r.runOnce());
            }
          } else {
            for (double d : torchChild.run(spec, reps, round == 0 ? warmup : 0)) {
              times.get("torch").add(d);
            }
          }
        }
      }
      double torchMed = torchChild != null ? median(times.get("torch")) : Double.NaN;
      long rows = ((Number) spec.params().get("n")).longValue();
      OUT.printf("%n== %s  %s%n", spec.name(), spec.params());
      OUT.printf("   %-22s %10s %10s %12s %s%n", "runtime", "median ms", "rows/s", "torch/this", "all (ms)");
      for (Map.Entry<String, List<Double>> e : times.entrySet()) {
        double med = median(e.getValue());
        OUT.printf("   %-22s %10.2f %10.1f %12.3f %s%n", e.getKey(), med, rows * 1000.0 / med, torchMed / med,
            e.getValue().stream().map(d -> String.format("%.1f", d)).toList());
        Map<String, Object> rec = new LinkedHashMap<>();
        rec.put("block", spec.name());
        rec.put("params", spec.params());
        rec.put("runtime", e.getKey());
        rec.put("median_ms", med);
        rec.put("torch_over_this", torchMed / med);
        rec.put("times_ms", e.getValue());
        records.add(rec);
      }
      if (profileRuns > 0) {
        for (Variant v : variants) {
          profile(spec, v, feeds);
        }
      }
    } finally {
      for (Run r : runs) {
        r.close();
      }
      for (OnnxTensor f : feeds.values()) {
        f.close();
      }
    }
    return records;
  }

  /** Every variant must compute the same numbers as the first (the formulations are alternatives). */
  private void check(Blocks.Spec spec, List<Run> runs) throws OrtException {
    if (runs.size() < 2) {
      return;
    }
    Map<String, float[]> ref = runs.get(0).results();
    for (int i = 1; i < runs.size(); i++) {
      if (runs.get(i).ownFeeds || runs.get(0).ownFeeds) {
        OUT.printf("# check %s vs %s: not compared (different inputs)%n", runs.get(i).v.name(), runs.get(0).v.name());
        continue;
      }
      Map<String, float[]> got = runs.get(i).results();
      double worst = 0;
      String where = "";
      for (Map.Entry<String, float[]> e : ref.entrySet()) {
        float[] a = e.getValue();
        float[] b = got.get(e.getKey());
        double maxAbs = 1e-12;
        double maxDiff = 0;
        for (int k = 0; k < a.length; k++) {
          maxAbs = Math.max(maxAbs, Math.abs(a[k]));
          maxDiff = Math.max(maxDiff, Math.abs(a[k] - b[k]));
        }
        if (maxDiff / maxAbs > worst) {
          worst = maxDiff / maxAbs;
          where = e.getKey();
        }
      }
      OUT.printf("# check %s vs %s: max |diff|/max|ref| = %.2e (%s)%s%n", runs.get(i).v.name(), runs.get(0).v.name(),
          worst, where, worst > 1e-3 ? "  <-- MISMATCH" : "");
    }
  }

  // ---- profile ------------------------------------------------------------------------------------------

  private void profile(Blocks.Spec spec, Variant v, Map<String, OnnxTensor> feeds) throws Exception {
    Files.createDirectories(profileDir);
    String prefix = profileDir.resolve(spec.name().replaceAll("[^A-Za-z0-9.]+", "_") + "-" + v.name()).toString();
    String file;
    try (Run r = new Run(spec, v, feeds, prefix)) {
      for (int i = 0; i < PROFILE_WARMUP; i++) {
        r.runOnce();
      }
      for (int i = 0; i < profileRuns; i++) {
        r.runOnce();
      }
      file = r.session.endProfiling();
    }
    JsonNode events = JSON.readTree(new File(file));
    // Per run (model_run windows, the warm-up runs skipped), sum kernel time per key; report the median
    // over runs, so one run slowed by the shared machine does not dominate.
    List<double[]> windows = new ArrayList<>();
    for (JsonNode e : events) {
      if ("model_run".equals(e.path("name").asText())) {
        double ts = e.get("ts").asDouble();
        windows.add(new double[] {ts, ts + e.get("dur").asDouble()});
      }
    }
    windows.sort((p, q) -> Double.compare(p[0], q[0]));
    windows = windows.subList(Math.min(PROFILE_WARMUP, windows.size()), windows.size());
    List<Map<String, Double>> perRunKey = new ArrayList<>();
    List<Map<String, Double>> perRunNode = new ArrayList<>();
    for (int i = 0; i < windows.size(); i++) {
      perRunKey.add(new TreeMap<>());
      perRunNode.add(new TreeMap<>());
    }
    for (JsonNode e : events) {
      String name = e.path("name").asText();
      if (!"Node".equals(e.path("cat").asText()) || !name.endsWith("_kernel_time")) {
        continue;
      }
      double ts = e.get("ts").asDouble();
      int run = -1;
      for (int i = 0; i < windows.size(); i++) {
        if (ts >= windows.get(i)[0] && ts <= windows.get(i)[1]) {
          run = i;
        }
      }
      if (run < 0) {
        continue;
      }
      String node = name.substring(0, name.length() - "_kernel_time".length());
      String op = e.path("args").path("op_name").asText();
      double ms = e.get("dur").asDouble() / 1000.0;
      perRunKey.get(run).merge(phase(node) + " " + op, ms, Double::sum);
      perRunNode.get(run).merge(node + " [" + op + "]", ms, Double::sum);
    }
    Map<String, Double> byKey = medians(perRunKey);
    Map<String, Double> byNode = medians(perRunNode);
    double total = byKey.values().stream().mapToDouble(Double::doubleValue).sum();
    OUT.printf("-- profile %s / %s: %.1f ms of kernels per run (median of %d runs; %s)%n", spec.name(), v.name(), total, windows.size(), file);
    printTop(byKey, total, topOps, "by phase and op");
    printTop(byNode, total, topOps, "by node");
  }

  private static final int PROFILE_WARMUP = 2;

  private static Map<String, Double> medians(List<Map<String, Double>> runs) {
    Map<String, List<Double>> all = new TreeMap<>();
    for (Map<String, Double> r : runs) {
      r.forEach((k, v) -> all.computeIfAbsent(k, q -> new ArrayList<>()).add(v));
    }
    Map<String, Double> m = new TreeMap<>();
    all.forEach((k, v) -> {
      while (v.size() < runs.size()) {
        v.add(0.0);
      }
      m.put(k, median(v));
    });
    return m;
  }

  /** "fwd", or "bwd(Op)" for nodes emitted by the gradient rule of a forward op of type Op. */
  static String phase(String node) {
    int g = node.indexOf("grad:");
    if (g < 0) {
      return "fwd";
    }
    String rest = node.substring(g + 5);
    int slash = rest.lastIndexOf('/');
    String fwdNode = slash < 0 ? rest : rest.substring(0, slash);
    String last = fwdNode.substring(fwdNode.lastIndexOf('/') + 1);
    int us = last.lastIndexOf('_');
    return "bwd(" + (us < 0 ? last : last.substring(0, us)) + ")";
  }

  private static void printTop(Map<String, Double> m, double total, int top, String title) {
    OUT.println("   " + title + ":");
    m.entrySet().stream().sorted((a, b) -> Double.compare(b.getValue(), a.getValue())).limit(top)
        .forEach(e -> OUT.printf("     %8.2f ms %5.1f%%  %s%n", e.getValue(), 100 * e.getValue() / total, e.getKey()));
  }
}
