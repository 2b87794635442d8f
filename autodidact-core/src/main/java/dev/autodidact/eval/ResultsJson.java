package dev.autodidact.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodidact.data.DataFingerprint;
import java.util.List;
import java.util.Map;

/** Builds {@code results.json} (format {@code autodidact-eval/1}, documented in docs/evaluation.md). */
final class ResultsJson {
  static final String FORMAT = "autodidact-eval/1";
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ResultsJson() {}

  /** One side of the data: path, split, fingerprint, samples. */
  record DataSide(String path, String split, DataFingerprint fingerprint, int samples) {}

  /** How the images were decoded: the window, whether it was given ({@code --window}) or recorded, the pixel limit. */
  record Input(String window, String windowSource, long maxPixels) {}

  /** Cached feature files (relative to EVAL) of one encoder. */
  record FeatureFiles(String train, String test, int dim) {}

  static ObjectNode build(ModelInfo model, DataSide train, DataSide test, Input input, Map<String, FeatureFiles> features,
      EvalOptions o, List<String> classes, List<LowLabelProtocol.Cell> cells, double wallSeconds) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("format", FORMAT);
    ObjectNode m = root.putObject("model");
    m.put("path", model.path());
    m.put("sha256", model.sha256());
    m.put("recipe", model.recipe());
    m.put("method", model.method());
    m.put("run", model.run());
    if (model.checkpointStep() == null) {
      m.putNull("checkpoint_step");
    } else {
      m.put("checkpoint_step", model.checkpointStep());
    }
    ObjectNode d = root.putObject("data");
    side(d.putObject("train"), train);
    side(d.putObject("test"), test);
    ObjectNode in = root.putObject("input");
    in.put("window", input.window());
    in.put("window_source", input.windowSource());
    in.put("max_pixels", input.maxPixels());
    ObjectNode f = root.putObject("features");
    features.forEach((enc, ff) -> {
      ObjectNode e = f.putObject(enc);
      e.put("train", ff.train());
      e.put("test", ff.test());
      e.put("dim", ff.dim());
    });
    ObjectNode p = root.putObject("protocol");
    ArrayNode lpc = p.putArray("labels_per_class");
    o.labelsPerClass().forEach(k -> {
      if (k.isAll()) {
        lpc.add("all");
      } else {
        lpc.add(k.count());
      }
    });
    p.put("repeats", o.repeats());
    ArrayNode probes = p.putArray("probes");
    for (Probe pr : Probe.values()) {
      if (o.probes().contains(pr)) {
        probes.add(pr.id());
      }
    }
    p.put("seed", o.seed());
    p.put("lambda", o.lambda());
    ObjectNode knn = p.putObject("knn");
    ArrayNode ks = knn.putArray("k");
    for (int k : o.knnK()) {
      ks.add(k);
    }
    knn.put("temperature", o.temperature());
    ObjectNode bs = p.putObject("bootstrap");
    bs.put("resamples", o.resamples());
    bs.put("level", 0.95);
    if (o.baseline()) {
      p.put("baseline", "random");
    } else {
      p.putNull("baseline");
    }
    ArrayNode cl = root.putArray("classes");
    classes.forEach(cl::add);
    ArrayNode res = root.putArray("results");
    for (LowLabelProtocol.Cell c : cells) {
      res.add(cell(c));
    }
    LowLabelProtocol.Cell det = detailCell(cells);
    if (det == null) {
      root.putNull("detail");
    } else {
      root.set("detail", detail(det));
    }
    root.put("wall_seconds", Math.round(wallSeconds * 10) / 10.0);
    return root;
  }

  /** The pretrained encoder's linear probe (else its first probe) at the largest label budget. */
  static LowLabelProtocol.Cell detailCell(List<LowLabelProtocol.Cell> cells) {
    LowLabelProtocol.Cell best = null;
    for (LowLabelProtocol.Cell c : cells) {
      if (!c.encoder().equals("pretrained")) {
        continue;
      }
      if (best == null) {
        best = c;
        continue;
      }
      boolean linear = c.probe().equals("linear");
      boolean bestLinear = best.probe().equals("linear");
      int cmp = c.labelsPerClass().compareTo(best.labelsPerClass());
      if ((linear && !bestLinear) || (linear == bestLinear && cmp > 0)) {
        best = c;
      }
    }
    return best;
  }

  private static void side(ObjectNode n, DataSide s) {
    n.put("path", s.path());
    n.put("split", s.split());
    n.put("fingerprint", s.fingerprint().sha256());
    n.put("kind", s.fingerprint().kind());
    n.put("items", s.fingerprint().items()); // what was fingerprinted; samples (below) is what was measured
    n.put("basis", s.fingerprint().basis());
    n.put("samples", s.samples());
  }

  private static ObjectNode cell(LowLabelProtocol.Cell c) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("encoder", c.encoder());
    n.put("probe", c.probe());
    lpc(n, c.labelsPerClass());
    n.put("train_samples", c.repeats().get(0).trainSamples());
    summary(n.putObject("accuracy"), c.accuracy());
    summary(n.putObject("auc"), c.auc());
    summary(n.putObject("balanced_accuracy"), c.balancedAccuracy());
    ArrayNode reps = n.putArray("repeats");
    for (LowLabelProtocol.Repeat r : c.repeats()) {
      ObjectNode e = reps.addObject();
      e.put("seed", r.seed());
      e.put("train_samples", r.trainSamples());
      num(e, "accuracy", r.metrics().accuracy());
      num(e, "auc", r.metrics().macroAuc());
      num(e, "balanced_accuracy", r.metrics().balancedAccuracy());
      pair(e.putArray("accuracy_ci"), r.intervals().accuracy());
      pair(e.putArray("auc_ci"), r.intervals().macroAuc());
    }
    return n;
  }

  private static ObjectNode detail(LowLabelProtocol.Cell c) {
    Metrics.Report r = c.repeats().get(0).metrics();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("encoder", c.encoder());
    n.put("probe", c.probe());
    lpc(n, c.labelsPerClass());
    num(n, "accuracy", r.accuracy());
    num(n, "balanced_accuracy", r.balancedAccuracy());
    num(n, "macro_auc", r.macroAuc());
    ArrayNode sk = n.putArray("auc_skipped");
    r.aucSkipped().forEach(sk::add);
    if (r.top5() == null) {
      n.putNull("top5");
    } else {
      num(n, "top5", r.top5());
    }
    ArrayNode pc = n.putArray("per_class");
    for (int k = 0; k < r.perClass().size(); k++) {
      Metrics.ClassResult cr = r.perClass().get(k);
      ObjectNode e = pc.addObject();
      e.put("class", cr.name());
      num(e, "precision", cr.precision());
      num(e, "recall", cr.recall());
      num(e, "f1", cr.f1());
      e.put("support", cr.support());
      Double auc = r.aucPerClass().get(k);
      if (auc == null) {
        e.putNull("auc");
      } else {
        num(e, "auc", auc);
      }
    }
    ArrayNode conf = n.putArray("confusion");
    for (int[] row : r.confusion()) {
      ArrayNode a = conf.addArray();
      for (int v : row) {
        a.add(v);
      }
    }
    ArrayNode roc = n.putArray("roc");
    for (Metrics.RocCurve rc : r.roc()) {
      ObjectNode e = roc.addObject();
      e.put("class", rc.name());
      ArrayNode fpr = e.putArray("fpr");
      ArrayNode tpr = e.putArray("tpr");
      for (int i = 0; i < rc.fpr().length; i++) {
        fpr.add(round(rc.fpr()[i]));
        tpr.add(round(rc.tpr()[i]));
      }
      num(e, "auc", rc.auc());
    }
    num(n, "ece", r.calibration().ece());
    ArrayNode rel = n.putArray("reliability");
    for (Metrics.ReliabilityBin b : r.calibration().reliability()) {
      ObjectNode e = rel.addObject();
      num(e, "lo", b.lo());
      num(e, "hi", b.hi());
      e.put("count", b.count());
      num(e, "confidence", b.confidence());
      num(e, "accuracy", b.accuracy());
    }
    return n;
  }

  private static void lpc(ObjectNode n, LabelsPerClass k) {
    if (k.isAll()) {
      n.put("labels_per_class", "all");
    } else {
      n.put("labels_per_class", k.count());
    }
  }

  private static void summary(ObjectNode n, LowLabelProtocol.Summary s) {
    num(n, "mean", s.mean());
    num(n, "std", s.std());
    num(n, "ci_low", s.ciLow());
    num(n, "ci_high", s.ciHigh());
  }

  private static void pair(ArrayNode a, Metrics.Interval i) {
    if (Double.isFinite(i.low())) {
      a.add(i.low());
      a.add(i.high());
    } else {
      a.addNull();
      a.addNull();
    }
  }

  private static void num(ObjectNode n, String k, double v) {
    if (Double.isFinite(v)) {
      n.put(k, v);
    } else {
      n.putNull(k);
    }
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
