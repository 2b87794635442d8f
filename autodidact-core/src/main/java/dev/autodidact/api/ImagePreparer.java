package dev.autodidact.api;

import dev.autodidact.Preprocessing;
import dev.autodidact.data.BadImageException;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.ImageInfo;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Workspace;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;

/**
 * Applies a {@link Preprocessing} contract: image → the model's input floats, written into a batch
 * buffer. The decoding and the eval pipeline are the data package's own ({@link ImageDecoder}, {@link
 * Pipeline}), so the result equals training-time evaluation bit for bit.
 *
 * <p>Not thread-safe: it owns the decoder's scratch, the pipeline workspace and a batch buffer; use one
 * per thread (inference models keep a pool).
 */
public final class ImagePreparer {
  private final Preprocessing pre;
  private final Pipeline pipeline;
  private final ImageDecoder decoder;
  private final Workspace ws = new Workspace();
  private final FloatImage image = new FloatImage();
  private FloatBuffer batch = FloatBuffer.allocate(0);

  public ImagePreparer(Preprocessing pre) {
    this.pre = pre;
    this.pipeline = EvalPreprocessing.pipeline(pre);
    this.decoder = new ImageDecoder(EvalPreprocessing.decodeOptions(pre));
  }

  /** Floats per image: C × H × W. */
  public int imageFloats() {
    return pipeline.viewSize();
  }

  /** A direct buffer of at least {@code images} images, owned by this preparer (reused). */
  public FloatBuffer batch(int images) {
    int need = images * imageFloats();
    if (batch.capacity() < need) {
      batch = ByteBuffer.allocateDirect(need * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }
    return batch;
  }

  /**
   * Writes {@code img} as image {@code slot} of {@code dst}.
   *
   * @throws IllegalArgumentException for a channel count a strict model refuses
   */
  public void prepare(BufferedImage img, FloatBuffer dst, int slot) {
    checkChannels(img.getColorModel().getNumColorComponents(), "the image");
    decoder.convert(img, image);
    pipeline.apply(image, 0, 0, 0, 0, ws, dst, slot * imageFloats());
  }

  /**
   * Decodes {@code file} and writes it as image {@code slot} of {@code dst}.
   *
   * @throws BadImageException when the file cannot be read or decoded
   * @throws IllegalArgumentException for a channel count a strict model refuses
   */
  public void prepare(Path file, FloatBuffer dst, int slot) throws BadImageException {
    ImageInfo info = decoder.decode(file, image);
    checkChannels(info.channels(), file.toString());
    pipeline.apply(image, 0, 0, 0, 0, ws, dst, slot * imageFloats());
  }

  /**
   * Writes an image already decoded with {@link EvalPreprocessing#decodeOptions} (e.g. by a
   * {@code Dataset}) as image {@code slot} of {@code dst}.
   */
  public void prepareDecoded(FloatImage decoded, FloatBuffer dst, int slot) {
    pipeline.apply(decoded, 0, 0, 0, 0, ws, dst, slot * imageFloats());
  }

  private void checkChannels(int have, String what) {
    if (pre.channelConversion() == Preprocessing.ChannelConversion.STRICT && have != pre.channels()) {
      throw new IllegalArgumentException(what + " has " + have + " colour channel" + (have == 1 ? "" : "s")
          + ", this model takes " + pre.channels() + " and its preprocessing.channel_conversion is strict"
          + " (convert the image first, or use a model exported with channel_conversion convert)");
    }
  }
}
