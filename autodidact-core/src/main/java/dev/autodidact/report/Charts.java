package dev.autodidact.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.math.BigDecimal;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's plots, drawn with XChart and returned as PNG bytes. One method per kind of plot. */
final class Charts {
  /** Ten distinguishable colours (Tableau 10), reused for classes and series alike. */
  static final Color[] PALETTE = {
    new Color(0x4E79A7), new Color(0xF28E2B), new Color(0xE15759), new Color(0x76B7B2), new Color(0x59A14F),
    new Color(0xEDC948), new Color(0xB07AA1), new Color(0xFF9DA7), new Color(0x9C755F), new Color(0xBAB0AC)
  };

  /** XChart's own DASH_DASH reads as dots at this size; long dashes stay distinct from DOT_DOT. */
  private static final BasicStroke LONG_DASH =
      new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {9f, 5f}, 0f);

  private Charts() {}

  /** A named series of points; NaN points are dropped when drawn. */
  record Line(String name, double[] x, double[] y, double[] error, Dash dash, int colour) {
    Line(String name, double[] x, double[] y) {
      this(name, x, y, null, Dash.SOLID, -1);
    }
  }

  /** Line styles, to tell series of one colour apart. */
  enum Dash { SOLID, DASHED, DOTTED }

  /** The line's own colour if it has one, else the {@code i}-th. */
  private static Color colorOf(Line l, int i) {
    return color(l.colour() >= 0 ? l.colour() : i);
  }

  /** Colour {@code i} of the palette, cycling. */
  static Color color(int i) {
    return PALETTE[Math.floorMod(i, PALETTE.length)];
  }

  private static XYChart xy(int w, int h, String title, String xTitle, String yTitle) {
    XYChart c = new XYChartBuilder().width(w).height(h).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
    Styler s = c.getStyler();
    s.setChartBackgroundColor(Color.WHITE);
    s.setPlotBackgroundColor(Color.WHITE);
    s.setLegendBorderColor(new Color(0xCCCCCC));
    s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    s.setAntiAlias(true);
    c.getStyler().setPlotGridLinesColor(new Color(0xE5E5E5));
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
    c.getStyler().setyAxisTickLabelsFormattingFunction(Charts::tick);
    return c;
  }

  /** A y tick label: up to four significant digits with a leading zero, scientific below 1e-3. */
  static String tick(Double v) {
    if (v == null || v == 0) {
      return "0";
    }
    double a = Math.abs(v);
    if (a < 1e-3 || a >= 1e6) {
      return String.format(Locale.ROOT, "%.1e", v);
    }
    return new BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
  }

  /** Adds {@code l} without its non-finite points; false when nothing finite is left. */
  private static boolean add(XYChart c, Line l, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<Double> es = new ArrayList<>();
    for (int i = 0; i < l.x().length; i++) {
      if (Double.isFinite(l.x()[i]) && Double.isFinite(l.y()[i])) {
        xs.add(l.x()[i]);
        ys.add(l.y()[i]);
        es.add(l.error() == null || !Double.isFinite(l.error()[i]) ? 0.0 : l.error()[i]);
      }
    }
    if (xs.isEmpty()) {
      return false;
    }
    XYSeries s = l.error() == null ? c.addSeries(l.name(), xs, ys) : c.addSeries(l.name(), xs, ys, es);
    s.setLineColor(color);
    s.setMarkerColor(color);
    s.setMarker(xs.size() <= 12 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    if (l.dash() == Dash.DASHED) {
      s.setLineStyle(LONG_DASH);
    } else if (l.dash() == Dash.DOTTED) {
      s.setLineStyle(SeriesLines.DOT_DOT);
    }
    return true;
  }

  /** A horizontal reference line (a threshold, a healthy level). */
  record Ref(String name, double y, Color color) {}

  /**
   * A line chart of {@code lines} with horizontal reference lines {@code refs} (dashed, across the x
   * range); {@code fromZero} starts the y axis at 0 so distances to a threshold read honestly.
   */
  static byte[] lines(String title, String xTitle, String yTitle, List<Line> lines, List<Ref> refs, boolean logX,
      boolean fromZero) {
    XYChart c = xy(520, 340, title, xTitle, yTitle);
    c.getStyler().setXAxisLogarithmic(logX);
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    int drawn = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (add(c, lines.get(i), colorOf(lines.get(i), i))) {
        drawn++;
      }
      for (double x : lines.get(i).x()) {
        lo = Math.min(lo, x);
        hi = Math.max(hi, x);
      }
    }
    for (Ref r : refs) {
      if (Double.isFinite(r.y()) && Double.isFinite(lo)) {
        XYSeries t = c.addSeries(r.name(), new double[] {lo, hi}, new double[] {r.y(), r.y()});
        t.setLineColor(r.color());
        t.setLineStyle(LONG_DASH);
        t.setMarker(SeriesMarkers.NONE);
        drawn++;
      }
    }
    if (fromZero) {
      c.getStyler().setYAxisMin(0.0);
    }
    c.getStyler().setLegendVisible(drawn > 1);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    return png(c);
  }

  /** Metric against labels per class (log x), one line per encoder and probe, legend below. */
  static byte[] lowLabel(String title, String yTitle, List<Line> lines) {
    XYChart c = xy(520, 420, title, "labels per class (log scale)", yTitle);
    c.getStyler().setXAxisLogarithmic(true);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    for (int i = 0; i < lines.size(); i++) {
      add(c, lines.get(i), colorOf(lines.get(i), i));
    }
    return png(c);
  }

  /** One-vs-rest ROC curves, one per class, with the chance diagonal. */
  static byte[] roc(List<Line> curves) {
    XYChart c = xy(560, 460, "ROC curves (one class vs the rest)", "false positive rate (1 - specificity)",
        "true positive rate (sensitivity)");
    c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
    c.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
    XYSeries d = c.addSeries("chance", new double[] {0, 1}, new double[] {0, 1});
    d.setLineColor(Color.GRAY);
    d.setLineStyle(SeriesLines.DOT_DOT);
    d.setMarker(SeriesMarkers.NONE);
    for (int i = 0; i < curves.size(); i++) {
      add(c, curves.get(i), color(i));
    }
    for (XYSeries s : c.getSeriesMap().values()) {
      s.setMarker(SeriesMarkers.NONE);
    }
    return png(c);
  }

  /** A scatter plot: one series per group (class), small markers. */
  static byte[] scatter(String title, String xTitle, String yTitle, List<Line> groups) {
    XYChart c = xy(640, 520, title, xTitle, yTitle);
    c.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
    c.getStyler().setMarkerSize(6);
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
    for (int i = 0; i < groups.size(); i++) {
      Line g = groups.get(i);
      if (g.x().length == 0) {
        continue;
      }
      XYSeries s = c.addSeries(g.name(), g.x(), g.y());
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(color(i));
    }
    return png(c);
  }

  /**
   * A confusion matrix heat map: rows are true classes (top to bottom), columns predicted; each cell is
   * the share of the true class (a row sums to 100%), so rare classes read as clearly as common ones.
   */
  static byte[] confusion(List<String> classes, long[][] counts) {
    int k = classes.size();
    int side = Math.max(420, 60 * k + 200);
    HeatMapChart c = new HeatMapChartBuilder().width(side + 120).height(side).title("Confusion matrix (% of each true class)")
        .xAxisTitle("predicted class").yAxisTitle("true class").build();
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setShowValue(true);
    c.getStyler().setValueFont(new Font(Font.SANS_SERIF, Font.PLAIN, k > 12 ? 9 : 12));
    c.getStyler().setRangeColors(new Color[] {Color.WHITE, new Color(0x9ECAE1), new Color(0x08519C)});
    c.getStyler().setMin(0).setMax(100);
    c.getStyler().setLegendVisible(false);
    c.getStyler().setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    c.getStyler().setXAxisLabelRotation(45);
    c.getStyler().setHeatMapDecimalValueFormatter(v -> Math.round(v) + "%");
    List<Number[]> cells = new ArrayList<>();
    List<String> yNames = new ArrayList<>();
    for (int r = 0; r < k; r++) {
      yNames.add(classes.get(k - 1 - r));
    }
    for (int t = 0; t < k; t++) {
      long total = 0;
      for (long v : counts[t]) {
        total += v;
      }
      for (int p = 0; p < k; p++) {
        double share = total == 0 ? 0 : 100.0 * counts[t][p] / total;
        cells.add(new Number[] {p, k - 1 - t, share});
      }
    }
    c.addSeries("confusion", classes, yNames, cells);
    return png(c);
  }

  static byte[] png(Chart<?, ?> chart) {
    try {
      return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
