package dev.autodidact.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

/**
 * MNIST-style IDX files (images {@code idx3-ubyte}, labels {@code idx1-ubyte}, gzipped or not), held in
 * memory as bytes: 60,000 Fashion-MNIST images are 47 MB, and "decoding" is a byte-to-float copy.
 */
public final class IdxDataset implements Dataset {
  private static final int MAGIC_UBYTE = 0x08;

  private final Path imagesFile;
  private final byte[] pixels;
  private final byte[] labels;
  private final int count;
  private final int rows;
  private final int cols;
  private final DecodeOptions decode;
  private final List<String> classes;

  private IdxDataset(Path imagesFile, byte[] pixels, byte[] labels, int count, int rows, int cols, DecodeOptions decode) {
    this.imagesFile = imagesFile;
    this.pixels = pixels;
    this.labels = labels;
    this.count = count;
    this.rows = rows;
    this.cols = cols;
    this.decode = decode;
    int maxLabel = -1;
    if (labels != null) {
      for (byte b : labels) {
        maxLabel = Math.max(maxLabel, b & 0xFF);
      }
    }
    this.classes = IntStream.rangeClosed(0, maxLabel).mapToObj(Integer::toString).toList();
  }

  /**
   * Opens an images file and, if given, its labels file.
   *
   * @throws DataException if a file is missing, malformed, or the counts disagree
   */
  public static IdxDataset open(Path images, Optional<Path> labels, DecodeOptions decode) {
    Header ih;
    byte[] px;
    try (DataInputStream in = open(images)) {
      ih = Header.read(in, images);
      if (ih.dims.length != 3) {
        throw new DataException(images + ": expected a 3-dimensional IDX image file, found " + ih.dims.length + " dimensions");
      }
      long n = (long) ih.dims[0] * ih.dims[1] * ih.dims[2];
      if (n > Integer.MAX_VALUE - 8) {
        throw new DataException(images + ": too large for an in-memory IDX dataset");
      }
      px = in.readNBytes((int) n);
      if (px.length != n) {
        throw new DataException(images + ": truncated (expected " + n + " pixel bytes, found " + px.length + ")");
      }
    } catch (IOException e) {
      throw new DataException(images + ": cannot read IDX file (" + ImageDecoder.oneLine(e) + ")", e);
    }
    byte[] lab = null;
    if (labels.isPresent()) {
      Path lp = labels.get();
      try (DataInputStream in = open(lp)) {
        Header lh = Header.read(in, lp);
        if (lh.dims.length != 1 || lh.dims[0] != ih.dims[0]) {
          throw new DataException(lp + ": expected " + ih.dims[0] + " labels to match " + images.getFileName());
        }
        lab = in.readNBytes(lh.dims[0]);
        if (lab.length != lh.dims[0]) {
          throw new DataException(lp + ": truncated (expected " + lh.dims[0] + " labels, found " + lab.length + ")");
        }
      } catch (IOException e) {
        throw new DataException(lp + ": cannot read IDX file (" + ImageDecoder.oneLine(e) + ")", e);
      }
    }
    return new IdxDataset(images, px, lab, ih.dims[0], ih.dims[1], ih.dims[2], decode);
  }

  /**
   * Opens {@code <split>-images-idx3-ubyte[.gz]} and its labels from a folder; {@code split} is e.g.
   * {@code train} or {@code t10k} ({@code test} is accepted for {@code t10k}).
   */
  public static IdxDataset openFolder(Path dir, String split, DecodeOptions decode) {
    String prefix = split.equals("test") ? "t10k" : split;
    Path images = find(dir, prefix + "-images-idx3-ubyte")
        .orElseThrow(() -> new DataException(dir + ": no " + prefix + "-images-idx3-ubyte[.gz] file"));
    return open(images, find(dir, prefix + "-labels-idx1-ubyte"), decode);
  }

  /** True when {@code dir} holds at least one IDX image file. */
  public static boolean isIdxFolder(Path dir) {
    try (var s = Files.list(dir)) {
      return s.anyMatch(p -> isIdxName(p.getFileName().toString()));
    } catch (IOException e) {
      return false;
    }
  }

  /** True for names like {@code train-images-idx3-ubyte} or {@code x.idx3-ubyte.gz}. */
  public static boolean isIdxName(String name) {
    return name.contains("idx3-ubyte");
  }

  /** The labels file that belongs to an images file by the MNIST naming convention, if present. */
  public static Optional<Path> labelsFor(Path images) {
    String name = images.getFileName().toString();
    if (name.endsWith(".gz")) {
      name = name.substring(0, name.length() - 3);
    }
    String labelsName = name.replace("images", "labels").replace("idx3", "idx1");
    return find(images.toAbsolutePath().getParent(), labelsName);
  }

  private static Optional<Path> find(Path dir, String base) {
    for (String name : new String[] {base, base + ".gz"}) {
      Path p = dir.resolve(name);
      if (Files.isRegularFile(p)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static DataInputStream open(Path p) throws IOException {
    InputStream raw = new BufferedInputStream(Files.newInputStream(p), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    boolean gz = b0 == 0x1f && b1 == 0x8b;
    return new DataInputStream(gz ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16) : raw);
  }

  private record Header(int[] dims) {
    static Header read(DataInputStream in, Path p) throws IOException {
      int magic = in.readInt();
      if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != MAGIC_UBYTE) {
        throw new DataException(p + String.format(": not an unsigned-byte IDX file (magic 0x%08x)", magic));
      }
      int nd = magic & 0xFF;
      if (nd < 1 || nd > 4) {
        throw new DataException(p + ": IDX file with " + nd + " dimensions is not supported");
      }
      int[] dims = new int[nd];
      for (int i = 0; i < nd; i++) {
        dims[i] = in.readInt();
        if (dims[i] <= 0) {
          throw new DataException(p + ": IDX dimension " + i + " is " + dims[i]);
        }
      }
      return new Header(dims);
    }
  }

  @Override
  public int size() {
    return count;
  }

  @Override
  public String source(int index) {
    return imagesFile + "#" + index;
  }

  @Override
  public int label(int index) {
    return labels == null ? NO_LABEL : labels[index] & 0xFF;
  }

  @Override
  public List<String> classes() {
    return classes;
  }

  @Override
  public DecodeOptions decodeOptions() {
    return decode;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  @Override
  public void load(int index, ImageDecoder decoder, FloatImage into) {
    into.reshape(1, rows, cols);
    float[] d = into.data();
    int plane = rows * cols;
    int o = index * plane;
    for (int i = 0; i < plane; i++) {
      d[i] = (pixels[o + i] & 0xFF) * (1f / 255f);
    }
    RasterConverter.toChannels(into, decode.channels());
  }

  /** The raw pixels (N·rows·cols bytes) and labels (N bytes or null), for {@link DataFingerprint}. */
  byte[] pixelBytes() {
    return pixels;
  }

  byte[] labelBytes() {
    return labels;
  }

  @Override
  public boolean inMemory() {
    return true;
  }
}
