package dev.autodidact.cli;

import dev.autodidact.InferenceOptions;
import dev.autodidact.Prediction;
import dev.autodidact.Predictor;
import dev.autodidact.UserInputException;
import dev.autodidact.api.DatasetEmbedder;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Window;
import dev.autodidact.eval.Metrics;
import dev.autodidact.eval.MultiLabelMetrics;
import dev.autodidact.finetune.FinetuneData;
import dev.autodidact.finetune.Predictions;
import dev.autodidact.finetune.Targets;
import dev.autodidact.finetune.Validation;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.SessionConfig;
import dev.autodidact.train.Json;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code autodidact predict}: class probabilities for every image of a folder, CSV or IDX set, through
 * the public {@link Predictor} (the model, its manifest and its preprocessing exactly as a Java caller
 * gets them), batched over the dataset while workers decode ahead.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = {"Writes one CSV row per image with a fine-tuned classifier's probabilities and prediction.",
      "Each row: path, probability per class, predicted class (labels above threshold for multi-label), the true",
      "label when known, and the reason for each unreadable file. --eval adds metrics."})
public final class PredictCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Mixin ImageInputOptions image;

  @Mixin LabelColumnsOptions labels;

  @Option(names = "--model", required = true, paramLabel = "MODEL.onnx|RUN", description = "An exported model.onnx (with model.json beside it) or a fine-tuning run (its best checkpoint).")
  Path model;

  @Option(names = "--data", required = true, paramLabel = "DIR|CSV|IDX", description = "Images to classify (labels from subfolders/CSV/IDX are used when present).")
  Path data;

  @Option(names = "--split", paramLabel = "NAME", description = "CSV split or IDX train|test.")
  String split;

  @Option(names = "--out", required = true, paramLabel = "CSV", description = "predictions.csv to write.")
  Path out;

  @Option(names = "--eval", description = "Compare with the true labels (to OUT.metrics.json and the console): accuracy, balanced accuracy, "
      + "AUC, per class, confusion, ECE; multi-label (--label-columns): AUC per finding and their mean.")
  boolean eval;

  @Option(names = "--batch", defaultValue = "256", paramLabel = "B", description = "Images per inference batch (default: ${DEFAULT-VALUE}).")
  int batch;

  @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores).")
  Integer threads;

  @Override
  public Integer call() throws Exception {
    return BigStack.call("autodidact-predict", this::run);
  }

  private Integer run() throws Exception {
    if (batch < 1) {
      throw new UserInputException("--batch must be >= 1, got " + batch);
    }
    int t = threads != null ? threads : SessionConfig.defaultThreads();
    try (Predictor predictor = Predictor.load(model, new InferenceOptions("cpu", t))) {
      List<String> classes = predictor.classes();
      // The model's recorded window unless --window replaces it.
      DecodeOptions decode = image.value().decode(predictor.preprocessing().channels(),
          Window.parse(predictor.preprocessing().window()));
      Input in = open(decode, predictor);
      Dataset ds = in.dataset();
      Prediction[] preds = new Prediction[ds.size()];
      float[][] probs = new float[ds.size()][];
      String[] errors = new String[ds.size()];
      DatasetEmbedder.Stats st = DatasetEmbedder.run(ds, predictor.session(), batch, t, (idx, rows) -> {
        for (int i = 0; i < idx.length; i++) {
          probs[idx[i]] = rows[i];
          preds[idx[i]] = predictor.prediction(rows[i]);
        }
      }, (i, e) -> errors[i] = e.reason(), done -> { });
      Predictions.write(out, ds, classes, preds, in.truth(), errors);
      PrintWriter pw = spec.commandLine().getOut();
      pw.printf(Locale.ROOT, "%d images, %d unreadable -> %s%n", ds.size(), st.unreadable(), out);
      if (eval) {
        Map<String, Object> m = in.targets() != null ? multiLabel(pw, probs, in.targets())
            : singleLabel(pw, probs, in.truth(), classes);
        Path file = out.resolveSibling(out.getFileName() + ".metrics.json");
        AtomicFiles.write(file, Json.pretty().writeValueAsBytes(m));
        pw.println("  metrics: " + file);
      }
      pw.flush();
    }
    return 0;
  }

  /**
   * The images to predict and what is known of their labels.
   *
   * @param targets multi-label targets (with --label-columns), else null
   * @param truth true label text per image, null when the data has no labels
   */
  private record Input(Dataset dataset, Targets targets, String[] truth) {}

  private Input open(DecodeOptions decode, Predictor predictor) {
    List<String> classes = predictor.classes();
    if (labels.multiLabel()) {
      if (!predictor.multiLabel()) {
        throw new UserInputException("--label-columns: --model " + model + " is a single-label classifier");
      }
      FinetuneData.Labelled l = FinetuneData.open(data, decode, labels.value(Optional.ofNullable(split)), "--data");
      if (!l.targets().classes().equals(classes)) {
        throw new UserInputException("--label-columns " + String.join(",", l.targets().classes())
            + ": the model's findings are " + String.join(",", classes) + " (same names, same order)");
      }
      return new Input(l.dataset(), l.targets(), truth(l.targets()));
    }
    if (eval && predictor.multiLabel()) {
      throw new UserInputException("--eval: --model " + model + " is multi-label; name its findings in the CSV with "
          + "--label-columns " + String.join(",", classes));
    }
    Datasets.Options o = new Datasets.Options(decode, !predictor.multiLabel(), null).withSplit(split);
    Dataset ds;
    if (Datasets.kind(data) == Datasets.Kind.FOLDER && o.withLabels()) {
      try {
        ds = Datasets.open(data, o);
      } catch (DataException e) {
        ds = Datasets.open(data, o.withLabels(false)); // images directly in the folder: no labels
      }
    } else {
      ds = Datasets.open(data, o);
    }
    String[] truth = null;
    if (!ds.classes().isEmpty() && !predictor.multiLabel()) {
      truth = new String[ds.size()];
      for (int i = 0; i < ds.size(); i++) {
        truth[i] = ds.label(i) < 0 ? null : ds.classes().get(ds.label(i));
      }
    }
    if (eval && truth == null) {
      throw new UserInputException("--eval: " + data + " has no labels to compare with");
    }
    return new Input(ds, null, truth);
  }

  /** The counted positive findings of each image, joined by {@code ;}. */
  private static String[] truth(Targets t) {
    String[] r = new String[t.size()];
    int k = t.numClasses();
    for (int i = 0; i < r.length; i++) {
      List<String> pos = new ArrayList<>();
      for (int c = 0; c < k; c++) {
        if (t.counted()[i * k + c] > 0 && t.values()[i * k + c] > 0.5f) {
          pos.add(t.classes().get(c));
        }
      }
      r[i] = String.join(";", pos);
    }
    return r;
  }

  private Map<String, Object> singleLabel(PrintWriter pw, float[][] probs, String[] truth, List<String> classes) {
    List<Integer> rows = new ArrayList<>();
    List<Integer> ys = new ArrayList<>();
    for (int i = 0; i < probs.length; i++) {
      int k = truth[i] == null ? -1 : classes.indexOf(truth[i]);
      if (probs[i] != null && k >= 0) {
        rows.add(i);
        ys.add(k);
      }
    }
    if (rows.isEmpty()) {
      throw new UserInputException("--eval: no readable image has a label among the model's classes " + classes);
    }
    Metrics.Report r = Metrics.of(ys.stream().mapToInt(Integer::intValue).toArray(),
        rows.stream().map(i -> probs[i]).toArray(float[][]::new), classes);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", r.samples());
    m.put("accuracy", r.accuracy());
    m.put("balanced_accuracy", r.balancedAccuracy());
    m.put("macro_auc", r.macroAuc());
    m.put("ece", r.calibration().ece());
    m.put("per_class", r.perClass());
    m.put("confusion", r.confusion());
    pw.printf(Locale.ROOT, "accuracy %.4f, balanced accuracy %.4f, macro AUC %.4f, ECE %.4f over %d images%n",
        r.accuracy(), r.balancedAccuracy(), r.macroAuc(), r.calibration().ece(), r.samples());
    return m;
  }

  private Map<String, Object> multiLabel(PrintWriter pw, float[][] probs, Targets t) {
    MultiLabelMetrics.Report r;
    try {
      r = Validation.multiLabel(probs, t);
    } catch (IllegalArgumentException e) {
      throw new UserInputException("--eval: " + data + ": no finding has both positive and negative counted values "
          + "among the readable images, so no AUC can be computed");
    }
    Map<String, Object> acc = Validation.of(probs, t);
    int images = 0;
    for (float[] p : probs) {
      images += p != null ? 1 : 0;
    }
    Map<String, Object> per = new LinkedHashMap<>();
    for (int c = 0; c < r.labels().size(); c++) {
      per.put(r.labels().get(c), r.aucPerLabel().get(c));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("images", images);
    m.put("multi_label", true);
    m.put("uncertain", labels.uncertain.name().toLowerCase(Locale.ROOT));
    m.put("blank", labels.blank.name().toLowerCase(Locale.ROOT));
    m.put("mean_auc", r.meanAuc());
    m.put("auc_per_label", per);
    m.put("skipped", r.skipped());
    m.put("accuracy", acc.get("accuracy"));
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "mean AUC %.4f over %d findings, %d images:",
        r.meanAuc(), r.labels().size() - r.skipped().size(), images));
    for (int c = 0; c < r.labels().size(); c++) {
      Double a = r.aucPerLabel().get(c);
      line.append(' ').append(r.labels().get(c)).append(' ').append(a == null ? "n/a" : String.format(Locale.ROOT, "%.4f", a));
    }
    pw.println(line);
    return m;
  }
}
