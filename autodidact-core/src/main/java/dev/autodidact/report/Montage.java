package dev.autodidact.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A grid of image thumbnails with a caption under each and an optional coloured frame: the retrieval
 * rows and the MAE reconstruction rows. Pixels are scaled up by an integer factor (nearest neighbour),
 * so small images stay sharp.
 */
final class Montage {
  /** One tile: CHW pixels in [0, 1], a caption, a frame colour (null for none). */
  record Tile(float[] chw, int channels, int size, String caption, Color frame) {}

  private static final int GAP = 14;
  private static final int LINE = 14;

  private Montage() {}

  /** Rows of tiles, each row optionally titled on its left; a caption may have several lines ("\n"). PNG bytes. */
  static byte[] grid(List<String> rowTitles, List<List<Tile>> rows, int tilePx) {
    int cols = rows.stream().mapToInt(List::size).max().orElse(0);
    int lines = rows.stream().flatMap(List::stream).mapToInt(t -> t.caption().isEmpty() ? 0 : t.caption().split("\n").length)
        .max().orElse(0);
    int caption = lines * LINE + 4;
    int titleW = rowTitles == null ? 0 : 130;
    int cellW = tilePx + GAP;
    int cellH = tilePx + caption + GAP;
    BufferedImage out = new BufferedImage(titleW + cols * cellW + GAP, rows.size() * cellH + GAP, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = out.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, out.getWidth(), out.getHeight());
    Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    g.setFont(font);
    FontMetrics fm = g.getFontMetrics();
    for (int r = 0; r < rows.size(); r++) {
      int y0 = GAP + r * cellH;
      if (rowTitles != null) {
        g.setColor(Color.DARK_GRAY);
        g.setFont(font.deriveFont(Font.BOLD, 12f));
        g.drawString(fit(rowTitles.get(r), g.getFontMetrics(), titleW - GAP), GAP, y0 + tilePx / 2 + 4);
        g.setFont(font);
      }
      List<Tile> row = rows.get(r);
      for (int c = 0; c < row.size(); c++) {
        Tile t = row.get(c);
        int x0 = titleW + GAP + c * cellW;
        g.drawImage(scaled(t, tilePx), x0, y0, null);
        if (t.frame() != null) {
          g.setColor(t.frame());
          g.setStroke(new BasicStroke(3f));
          g.drawRect(x0 - 2, y0 - 2, tilePx + 3, tilePx + 3);
        }
        g.setColor(Color.DARK_GRAY);
        String[] capLines = t.caption().split("\n");
        for (int i = 0; i < capLines.length; i++) {
          String cap = fit(capLines[i], fm, cellW - 2);
          g.drawString(cap, x0 + (tilePx - fm.stringWidth(cap)) / 2, y0 + tilePx + 16 + i * LINE);
        }
      }
    }
    g.dispose();
    return png(out);
  }

  private static String fit(String s, FontMetrics fm, int width) {
    if (s == null) {
      return "";
    }
    String t = s;
    while (t.length() > 1 && fm.stringWidth(t) > width) {
      t = t.substring(0, t.length() - 1);
    }
    return t.equals(s) ? s : t.substring(0, Math.max(1, t.length() - 1)) + "…";
  }

  /**
   * CHW [0, 1] → an RGB image of side {@code px}: small images scaled up by nearest neighbour (sharp
   * pixels), large ones scaled down with bicubic interpolation (no aliasing).
   */
  static BufferedImage scaled(Tile t, int px) {
    int s = t.size();
    int plane = s * s;
    BufferedImage full = new BufferedImage(s, s, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < s; y++) {
      for (int x = 0; x < s; x++) {
        int p = y * s + x;
        int r = byteOf(t.chw()[p]);
        int gg = t.channels() == 3 ? byteOf(t.chw()[plane + p]) : r;
        int b = t.channels() == 3 ? byteOf(t.chw()[2 * plane + p]) : r;
        full.setRGB(x, y, (r << 16) | (gg << 8) | b);
      }
    }
    BufferedImage img = new BufferedImage(px, px, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, s < px
        ? RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR : RenderingHints.VALUE_INTERPOLATION_BICUBIC);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    g.drawImage(full, 0, 0, px, px, null);
    g.dispose();
    return img;
  }

  private static int byteOf(float v) {
    return Math.max(0, Math.min(255, Math.round(v * 255f)));
  }

  static byte[] png(BufferedImage img) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      ImageIO.write(img, "png", bytes);
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
