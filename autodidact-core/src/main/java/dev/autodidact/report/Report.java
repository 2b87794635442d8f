package dev.autodidact.report;

import ai.onnxruntime.OrtException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.Encoder;
import dev.autodidact.Preprocessing;
import dev.autodidact.UserInputException;
import dev.autodidact.api.EvalPreprocessing;
import dev.autodidact.artifact.AtomicFiles;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.recipe.Recipe;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the self-contained HTML report of a pretraining run and, when given, its evaluation: headline
 * table, low-label curve, ROC, confusion matrix, per-class table, training curves, embedding map,
 * retrieval examples and (MAE) reconstructions. Every plot is an inline PNG; the file needs no network.
 * A section whose inputs are missing says so in one line instead of failing.
 *
 * <pre>{@code
 * Path html = Report.write(new Report.Options(Path.of("runs/r1"), Path.of("runs/r1/eval"), null, null, null, 1000, 0));
 * }</pre>
 */
public final class Report {
  /** The sections, in page order: id and title (the ids are the page's anchors). */
  public static final List<String[]> SECTIONS = List.of(
      new String[] {"headline", "Headline"}, new String[] {"low-label", "Low-label curve"},
      new String[] {"roc", "ROC"}, new String[] {"confusion", "Confusion"}, new String[] {"per-class", "Per class"},
      new String[] {"pretraining", "Pretraining"}, new String[] {"embedding-map", "Embedding map"},
      new String[] {"retrieval", "Retrieval"}, new String[] {"reconstructions", "Reconstructions"});

  /**
   * What to report on.
   *
   * @param run the pretraining run directory (metrics.jsonl, summary.json, checkpoints)
   * @param eval the evaluation directory holding results.json, or null
   * @param out the HTML file; null → {@code EVAL/report.html}, or {@code RUN/report.html} without eval
   * @param data test images for the map and retrieval; null → the evaluation's test data, if any
   * @param split the split of {@code data} (CSV split, or {@code test} for an IDX folder); null = as opened
   * @param sample at most this many test images are embedded (seeded choice)
   * @param seed fixes the sample, the retrieval queries and the MAE masks
   */
  public record Options(Path run, Path eval, Path out, Path data, String split, int sample, long seed) {
    public Options {
      if (run == null && eval == null) {
        throw new IllegalArgumentException("a report needs a run, an evaluation, or both");
      }
      if (sample < 0) {
        throw new UserInputException("--sample must be >= 0, got " + sample);
      }
    }

    /** Where the HTML goes. */
    public Path output() {
      return out != null ? out : (eval != null ? eval : run).resolve("report.html");
    }
  }

  /** The first sections of {@link #SECTIONS} come from results.json. */
  private static final int EVAL_SECTIONS = 5;

  private Report() {}

  /**
   * Builds and writes the report (atomically); returns its path. Without a run, the run named in
   * results.json ({@code model.run}) is used when it exists.
   */
  public static Path write(Options o) throws IOException {
    String html = render(o);
    Path out = o.output();
    Path parent = out.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    AtomicFiles.write(out, html.getBytes(StandardCharsets.UTF_8));
    return out;
  }

  /** The report's HTML. */
  public static String render(Options o) throws IOException {
    EvalResults eval = null;
    if (o.eval() != null) {
      Path f = Files.isDirectory(o.eval()) ? o.eval().resolve("results.json") : o.eval();
      if (!Files.isRegularFile(f)) {
        throw new UserInputException(f + ": no evaluation results (run autodidact evaluate --out " + o.eval() + ")");
      }
      eval = EvalResults.read(f);
    }
    Path runDir = o.run();
    if (runDir == null && eval != null && eval.model() != null && eval.model().run() != null
        && Files.isDirectory(Path.of(eval.model().run()))) {
      runDir = Path.of(eval.model().run()); // the run results.json names, when it is still where it was
    }
    if (o.run() != null && !Files.isDirectory(o.run())) {
      throw new UserInputException(o.run() + ": not a run directory");
    }
    JsonNode summary = null;
    RunMetrics metrics = null;
    if (runDir != null) {
      Path s = runDir.resolve("summary.json");
      summary = Files.isRegularFile(s) ? new ObjectMapper().readTree(s.toFile()) : null;
      Path m = runDir.resolve("metrics.jsonl");
      metrics = Files.isRegularFile(m) ? RunMetrics.read(m) : null;
    }
    // The evaluated model when it is still there, else the run's newest checkpoint.
    Path modelPath = null;
    if (eval != null && eval.model() != null && eval.model().path() != null && Files.exists(Path.of(eval.model().path()))) {
      modelPath = Path.of(eval.model().path());
    } else if (runDir != null && Files.isDirectory(runDir.resolve("checkpoints"))) {
      modelPath = runDir;
    }
    ModelSource model = modelPath == null ? null : ModelSource.open(modelPath);
    Html evalPart = new Html();
    EvalSections.headline(evalPart, eval);
    EvalSections.lowLabel(evalPart, eval, allValue(eval));
    EvalSections.detail(evalPart, eval);
    Html h = new Html();
    String footer;
    if (modelPath == null) {
      RunSection.write(h, summary, metrics, Double.NaN);
      footer = images(h, o, eval, null, model);
    } else {
      try (Encoder encoder = Encoder.load(modelPath)) {
        RunSection.write(h, summary, metrics, 0.1 / Math.sqrt(encoder.dim())); // train.CollapseMonitor's threshold
        footer = images(h, o, eval, encoder, model);
      }
    }
    String title = "Autodidact report: " + name(o, summary, eval);
    // Without an evaluation its (empty) sections go last, so the page opens on what there is.
    List<String[]> order = new ArrayList<>(SECTIONS);
    if (eval == null) {
      order.addAll(order.subList(0, EVAL_SECTIONS));
      order.subList(0, EVAL_SECTIONS).clear();
    }
    Html page = new Html(title).h1(title).lead(lead(eval, summary, model)).nav(order);
    if (eval == null) {
      page.append(h).append(evalPart);
    } else {
      page.append(evalPart).append(h);
    }
    return page.finish("Generated " + Instant.now().truncatedTo(ChronoUnit.SECONDS) + " by autodidact report. " + footer
        + "The report contains pixels and numbers only: no file names or patient data.");
  }

  /**
   * The embedding map, retrieval and reconstructions of a seeded sample of test images ({@code --data},
   * else the evaluation's test data); returns a sentence for the footer about the sample.
   */
  private static String images(Html h, Options o, EvalResults eval, Encoder encoder, ModelSource model)
      throws IOException {
    Optional<Path> data = Optional.ofNullable(o.data());
    String split = o.split();
    if (data.isEmpty() && eval != null && eval.data() != null) {
      data = EvalResults.Data.path(eval.data().test()).map(Path::of);
      if (split == null && eval.data().test() != null && eval.data().test().hasNonNull("split")) {
        split = eval.data().test().get("split").asText();
      }
    }
    String why = null;
    TestSample sample = null;
    Dataset d = null;
    if (encoder == null) {
      why = "no model (run checkpoint or encoder) to embed images with";
    } else if (data.isEmpty()) {
      why = "no test data: give --data";
    } else if (o.sample() == 0) {
      why = "--sample 0";
    } else {
      Preprocessing pre = encoder.preprocessing();
      try {
        d = Datasets.open(data.get(), new Datasets.Options(EvalPreprocessing.decodeOptions(pre), true, null)
            .withSplit(split));
        sample = TestSample.load(d, EvalPreprocessing.pipeline(pre), o.sample(), o.seed());
        if (eval != null && eval.classNames().size() == sample.classes().size() && !sample.classes().isEmpty()) {
          sample = sample.withClasses(eval.classNames()); // evaluate labelled the same data: its names are the ones shown
        }
      } catch (DataException e) {
        why = "test data unusable: " + e.getMessage();
      }
    }
    if (why != null) {
      for (String[] id : List.of(SECTIONS.get(6), SECTIONS.get(7))) {
        h.section(id[0], id[0].equals("retrieval") ? "Nearest-neighbour retrieval" : "Map of the test embeddings");
        h.note("Not drawn: " + why + ".");
        h.endSection();
      }
    } else {
      float[][] emb = Embeddings.compute(encoder, d, sample);
      TestSample embedded = sample.keep(emb);
      emb = java.util.Arrays.stream(emb).filter(java.util.Objects::nonNull).toArray(float[][]::new);
      ImageSections.map(h, embedded, emb);
      ImageSections.retrieval(h, embedded, emb, o.seed());
    }
    try {
      ImageSections.reconstructions(h, model, sample, o.seed());
    } catch (OrtException e) {
      throw new IOException("MAE reconstruction failed: " + e.getMessage(), e);
    }
    return sample == null ? "" : "Images: a seeded sample of " + sample.n() + " test images (seed " + o.seed() + ")"
        + (sample.skipped() > 0 ? ", " + sample.skipped() + " unreadable skipped" : "") + ". ";
  }

  private static String name(Options o, JsonNode summary, EvalResults eval) {
    if (eval != null && eval.model() != null && eval.model().recipe() != null) {
      return eval.model().recipe();
    }
    if (summary != null && summary.hasNonNull("recipe")) {
      return summary.get("recipe").asText();
    }
    return (o.run() != null ? o.run() : o.eval()).getFileName().toString();
  }

  private static String lead(EvalResults eval, JsonNode summary, ModelSource model) {
    List<String> parts = new ArrayList<>();
    if (model != null) {
      Recipe.Input in = model.recipe().input();
      parts.add("Method " + model.recipe().method() + ", encoder " + model.recipe().encoder().type() + ", input "
          + in.channels() + "×" + in.size() + "×" + in.size() + ", checkpoint at step " + model.step());
    }
    if (eval != null) {
      parts.add("Evaluated on " + eval.classNames().size() + " classes" + (eval.wallSeconds() == null ? ""
          : String.format(java.util.Locale.ROOT, " in %.0f s", eval.wallSeconds())));
      boolean known = model != null;
      eval.modelFacts().forEach((k, v) -> {
        if (!known || !(k.equals("recipe") || k.equals("method"))) {
          parts.add(k + " " + v);
        }
      });
    } else {
      parts.add("Pretraining only: no evaluation given (--eval)");
    }
    return String.join(" · ", parts) + ".";
  }

  /** Where "all" labels per class sits on the curve's x axis: the train set's images per class when known. */
  private static double allValue(EvalResults eval) {
    double max = 1;
    if (eval == null) {
      return 10;
    }
    for (String l : eval.labelCounts()) {
      if (!"all".equals(l)) {
        max = Math.max(max, Double.parseDouble(l));
      }
    }
    JsonNode train = eval.data() == null ? null : eval.data().train();
    int k = eval.classNames().size();
    for (String f : List.of("samples", "count")) {
      if (train != null && train.path(f).isNumber() && k > 0) {
        double per = train.get(f).asDouble() / k;
        if (per > max) {
          return per;
        }
      }
    }
    return max * 10;
  }

}
