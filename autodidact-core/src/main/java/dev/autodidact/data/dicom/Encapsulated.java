package dev.autodidact.data.dicom;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The first frame of encapsulated Pixel Data (PS3.5 A.4): a Basic Offset Table item, then fragment
 * items, then a sequence delimiter. This reads only the item framing; the fragments are handed to
 * ImageIO or the RLE reader.
 */
final class Encapsulated {
  private static final int ITEM = 0xE000;
  private static final int SEQUENCE_END = 0xE0DD;
  private static final int GROUP = 0xFFFE;
  /** No real frame comes near this; a larger item length means a corrupt file. */
  private static final long MAX_FRAGMENT = 1L << 30;

  private Encapsulated() {}

  /**
   * The bytes of frame 1, starting at {@code offset} (the Pixel Data value).
   *
   * @param untilEoi JPEG and JPEG 2000: join fragments until one ends with the end-of-image marker
   *     (FFD9 in both); RLE: the first fragment is the whole frame
   * @throws EOFException when the file ends inside an item
   * @throws IOException for framing that is not an item sequence
   */
  static byte[] firstFrame(Path file, long offset, boolean untilEoi) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long pos = offset;
      ByteBuffer tag = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      ByteArrayOutputStream frame = new ByteArrayOutputStream();
      boolean offsetTable = true;
      while (true) {
        readFully(ch, tag.clear(), pos);
        tag.flip();
        int group = tag.getShort() & 0xFFFF;
        int element = tag.getShort() & 0xFFFF;
        long length = tag.getInt() & 0xFFFFFFFFL;
        pos += 8;
        if (group == GROUP && element == SEQUENCE_END) {
          break;
        }
        if (group != GROUP || element != ITEM || length > MAX_FRAGMENT) {
          throw new IOException("encapsulated Pixel Data is not an item sequence");
        }
        if (offsetTable) {
          offsetTable = false;
          pos += length;
          continue;
        }
        ByteBuffer b = ByteBuffer.allocate((int) length);
        readFully(ch, b, pos);
        pos += length;
        frame.write(b.array(), 0, b.capacity());
        if (!untilEoi || endsWithEoi(b.array())) {
          break;
        }
      }
      if (frame.size() == 0) {
        throw new IOException("encapsulated Pixel Data holds no fragment");
      }
      return frame.toByteArray();
    }
  }

  private static boolean endsWithEoi(byte[] b) {
    int n = b.length;
    // Fragments have even length: a codestream of odd length is padded with one zero byte.
    if (n >= 3 && b[n - 1] == 0) {
      n--;
    }
    return n >= 2 && (b[n - 2] & 0xFF) == 0xFF && (b[n - 1] & 0xFF) == 0xD9;
  }

  private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
    long p = pos;
    while (b.hasRemaining()) {
      int r = ch.read(b, p);
      if (r < 0) {
        throw new EOFException("file ends inside the encapsulated Pixel Data");
      }
      p += r;
    }
  }
}
