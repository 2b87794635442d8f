package dev.autodidact.eval;

import dev.autodidact.data.BadImageException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import java.util.function.Consumer;

/** A stand-in encoder for tests: 4×4 average-pooled grey pixels (28×28 → 49 features). */
final class PooledPixels implements FeatureSource {
  private final String sha;
  private final float scale;
  int extractions;

  PooledPixels(String sha, float scale) {
    this.sha = sha;
    this.scale = scale;
  }

  @Override
  public String sha256() {
    return sha;
  }

  @Override
  public DecodeOptions decodeOptions() {
    return DecodeOptions.of(1);
  }

  @Override
  public float[][] extract(Dataset data, Consumer<String> progress) {
    extractions++;
    ImageDecoder dec = new ImageDecoder(decodeOptions());
    FloatImage img = new FloatImage();
    float[][] out = new float[data.size()][];
    for (int i = 0; i < data.size(); i++) {
      try {
        data.load(i, dec, img);
      } catch (BadImageException e) {
        continue;
      }
      int cells = img.height() / 4;
      float[] f = new float[cells * cells];
      for (int y = 0; y < cells * 4; y++) {
        for (int x = 0; x < cells * 4; x++) {
          f[(y / 4) * cells + x / 4] += scale * img.get(0, y, x) / 16;
        }
      }
      out[i] = f;
    }
    return out;
  }

  @Override
  public void close() {}
}
