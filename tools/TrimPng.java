import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.ImageIO;

/**
 * Cuts the blank space below a headless screenshot and, with a slice height, also writes the page in
 * slices (OUT-1.png, OUT-2.png, ...) small enough to look at: java tools/TrimPng.java PAGE.png [SLICE_PX]
 */
public class TrimPng {
  public static void main(String[] args) throws Exception {
    File f = new File(args[0]);
    BufferedImage im = ImageIO.read(f);
    int bottom = 0;
    for (int y = im.getHeight() - 1; y >= 0 && bottom == 0; y--) {
      for (int x = 0; x < im.getWidth(); x++) {
        if ((im.getRGB(x, y) & 0xFFFFFF) != 0xFFFFFF) {
          bottom = y + 1;
          break;
        }
      }
    }
    int h = Math.min(im.getHeight(), Math.max(1, bottom + 24));
    BufferedImage page = im.getSubimage(0, 0, im.getWidth(), h);
    ImageIO.write(page, "png", f);
    if (args.length > 1) {
      int slice = Integer.parseInt(args[1]);
      String base = f.getPath().replaceAll("\\.png$", "");
      for (int i = 0; i * slice < h; i++) {
        int top = i * slice;
        ImageIO.write(page.getSubimage(0, top, page.getWidth(), Math.min(slice, h - top)), "png",
            new File(base + "-" + (i + 1) + ".png"));
      }
    }
    System.out.println(f + ": " + page.getWidth() + "x" + h);
  }
}
