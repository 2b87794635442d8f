package dev.autodidact.report;

import ai.onnxruntime.OrtException;
import dev.autodidact.method.MaeMasking;
import dev.autodidact.method.MaeReconstruction;
import dev.autodidact.nn.ParamSource;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.ModelRunner;
import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** Sections that look at images through the encoder: the embedding map, retrieval, MAE reconstructions. */
final class ImageSections {
  private static final int QUERIES = 6;
  private static final int NEIGHBOURS = 5;
  private static final int RECONSTRUCTIONS = 8;
  private static final Color SAME = new Color(0x2E8B57);
  private static final Color OTHER = new Color(0xC0392B);

  private ImageSections() {}

  /** PCA of the sample's L2-normalised embeddings, coloured by class. */
  static void map(Html h, TestSample s, float[][] emb) {
    h.section("embedding-map", "Map of the test embeddings");
    if (emb == null || emb.length < 3) {
      h.note("No embeddings: give test data (--data, or an evaluation whose test data is readable here).");
      h.endSection();
      return;
    }
    Pca p = Pca.of(emb);
    h.help("Each dot is one test image, placed by the two main directions of variation of its features (PCA). "
        + "If pretraining worked, images of the same class tend to group together even though no labels were used. "
        + "PCA shows only part of the structure: overlapping clouds can still be separable by the probe.");
    List<Charts.Line> groups = new ArrayList<>();
    if (s.labelled()) {
      for (int c = 0; c < s.classes().size(); c++) {
        final int cls = c;
        int[] idx = java.util.stream.IntStream.range(0, s.n()).filter(i -> s.labels()[i] == cls).toArray();
        groups.add(new Charts.Line(s.classes().get(c), pick(p.x(), idx), pick(p.y(), idx)));
      }
    } else {
      groups.add(new Charts.Line("images", p.x(), p.y()));
    }
    String title = String.format(Locale.ROOT, "PCA of %d test embeddings", s.n());
    h.figure(Charts.scatter(title, String.format(Locale.ROOT, "PC 1 (%.0f%% of variance)", 100 * p.explained()[0]),
        String.format(Locale.ROOT, "PC 2 (%.0f%% of variance)", 100 * p.explained()[1]), groups),
        "PCA map of test embeddings coloured by class", null);
    h.endSection();
  }

  private static double[] pick(double[] v, int[] idx) {
    double[] o = new double[idx.length];
    for (int i = 0; i < idx.length; i++) {
      o[i] = v[idx[i]];
    }
    return o;
  }

  /** Query images and their nearest neighbours by cosine similarity, framed by whether the class matches. */
  static void retrieval(Html h, TestSample s, float[][] emb, long seed) {
    h.section("retrieval", "Nearest-neighbour retrieval");
    if (emb == null || emb.length <= NEIGHBOURS) {
      h.note("No embeddings to search (needs test data with more than " + NEIGHBOURS + " images).");
      h.endSection();
      return;
    }
    h.help("Left: a query image from the test set. Right: the " + NEIGHBOURS + " most similar other test images by "
        + "their features (under each: its class and the cosine similarity of the features, 1 = same direction). "
        + (s.labelled() ? "A green frame means the neighbour has the query's class, red that it does not." : ""));
    List<Integer> queries = queries(s, seed);
    List<List<Montage.Tile>> rows = new ArrayList<>();
    for (int q : queries) {
      Integer[] others = new Integer[s.n()];
      for (int i = 0; i < others.length; i++) {
        others[i] = i;
      }
      double[] sim = new double[s.n()];
      for (int i = 0; i < s.n(); i++) {
        sim[i] = i == q ? Double.NEGATIVE_INFINITY : Embeddings.cosine(emb[q], emb[i]);
      }
      Arrays.sort(others, Comparator.comparingDouble((Integer i) -> -sim[i]).thenComparingInt(i -> i));
      List<Montage.Tile> row = new ArrayList<>();
      row.add(tile(s, q, "query" + (s.labelled() ? "\n" + s.className(q) : ""), Color.BLACK));
      for (int k = 0; k < NEIGHBOURS; k++) {
        int i = others[k];
        Color frame = s.labelled() ? (s.labels()[i] == s.labels()[q] ? SAME : OTHER) : null;
        String cap = (s.labelled() ? s.className(i) + "\n" : "") + String.format(Locale.ROOT, "%.3f", sim[i]);
        row.add(tile(s, i, cap, frame));
      }
      rows.add(row);
    }
    h.figure(Montage.grid(null, rows, 84), "query images and their five nearest neighbours", null);
    h.endSection();
  }

  /** Up to {@link #QUERIES} seeded queries, from different classes where there are labels. */
  private static List<Integer> queries(TestSample s, long seed) {
    SplittableRandom rng = new SplittableRandom(seed ^ 0x5EED);
    List<Integer> out = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    for (int tries = 0; tries < 50 * QUERIES && out.size() < Math.min(QUERIES, s.n()); tries++) {
      int i = rng.nextInt(s.n());
      if (out.contains(i) || (s.labelled() && seen.contains(s.labels()[i]) && tries < 40 * QUERIES)) {
        continue;
      }
      out.add(i);
      seen.add(s.labels()[i]);
    }
    return out;
  }

  private static Montage.Tile tile(TestSample s, int i, String caption, Color frame) {
    float[] chw = Arrays.copyOfRange(s.pixels(), i * s.per(), (i + 1) * s.per());
    return new Montage.Tile(chw, s.channels(), s.size(), caption, frame);
  }

  /** MAE only: original, masked input and reconstruction (predicted patches with the visible ones pasted back). */
  static void reconstructions(Html h, ModelSource model, TestSample s, long seed) throws OrtException {
    h.section("reconstructions", "MAE reconstructions");
    if (model == null || !model.isMae()) {
      h.note("Not an MAE run with a checkpoint: no reconstructions to show.");
      h.endSection();
      return;
    }
    if (s == null || s.n() == 0) {
      h.note("No test images to reconstruct (give --data).");
      h.endSection();
      return;
    }
    Recipe r = model.recipe();
    int n = Math.min(RECONSTRUCTIONS, s.n());
    MaeReconstruction g = MaeReconstruction.build(r, n, ParamSource.initializers(model.state()));
    int l = g.mae().numPatches();
    MaeMasking.Ids ids = MaeMasking.draw(seed, n, l, r.mae().maskRatio());
    float[] x = Arrays.copyOf(s.normalised(r.input()), n * s.per());
    Map<String, TensorData> out;
    try (ModelRunner run = new ModelRunner(g.graph().toModel(), Device.CPU, Math.max(1, Runtime.getRuntime().availableProcessors()))) {
      out = run.run(Map.of("x", TensorData.floats(Shape.of(n, s.channels(), s.size(), s.size()), x),
          "ids_keep", ids.idsKeepTensor(), "ids_restore", ids.idsRestoreTensor()));
    }
    float[] pred = out.get(MaeReconstruction.PRED).toFloats(); // [n, L, p·p·C]
    float[] mask = out.get(MaeReconstruction.MASK).toFloats(); // [n, L]
    MaePatches pt = new MaePatches(s.channels(), s.size(), g.patch());
    List<Montage.Tile> orig = new ArrayList<>();
    List<Montage.Tile> masked = new ArrayList<>();
    List<Montage.Tile> recon = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      float[] img = Arrays.copyOfRange(s.pixels(), i * s.per(), (i + 1) * s.per());
      float[] m = Arrays.copyOfRange(mask, i * l, (i + 1) * l);
      float[] p = Arrays.copyOfRange(pred, i * l * pt.dim(), (i + 1) * l * pt.dim());
      orig.add(new Montage.Tile(img, s.channels(), s.size(), "", null));
      masked.add(new Montage.Tile(pt.greyOut(img, m), s.channels(), s.size(), "", null));
      recon.add(new Montage.Tile(pt.reconstruct(img, p, m, r.mae().normPixLoss(), r.input()), s.channels(), s.size(), "", null));
    }
    h.help(String.format(Locale.ROOT, "The masked autoencoder sees only %d of %d patches (grey ones are hidden) and "
        + "predicts the rest. Good reconstructions of shape and layout mean the encoder has learned what the images "
        + "contain; blurry detail is normal.", g.mae().lenKeep(), l));
    h.figure(Montage.grid(List.of("original", "masked input", "reconstruction"), List.of(orig, masked, recon), 84),
        "original, masked and reconstructed test images", "Reconstruction: predicted patches, visible patches "
            + "copied from the input" + (r.mae().normPixLoss() ? "; predictions un-normalised with each patch's own "
            + "mean and variance (the model predicts normalised patches)." : "."));
    h.endSection();
  }
}
