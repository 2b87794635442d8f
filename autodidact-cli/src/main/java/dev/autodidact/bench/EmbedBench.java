package dev.autodidact.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.Encoder;
import dev.autodidact.Preprocessing;
import dev.autodidact.api.InferenceModel;
import dev.autodidact.runtime.BigStack;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Embedding throughput through the public API ({@link Encoder#embed(List)}: image conversion,
 * resize/crop, normalization, tensor, run, copy out) next to the bare ORT session on a pre-made input
 * tensor (only {@code session.run}). Both sides use the encoder's one session, so the ratio is the
 * API's own cost, not the luck of two sessions' thread pools on a shared machine.
 *
 * <p>The two sides alternate call by call (API, raw, API, raw, ...) for {@code seconds} per round, after
 * a warm-up; a round's throughput per side is batch / the median of its call times, and the ratio
 * (API / raw) is taken per round, its median over rounds reported. Alternating every call matters on a
 * shared machine: with seconds-long blocks per side, load from other processes moved the block ratios
 * between 0.2 and 3.4 (docs/performance.md).
 */
public final class EmbedBench {
  private EmbedBench() {}

  /**
   * What one run measured.
   *
   * @param apiImagesPerS median over rounds, through {@code Encoder.embed(List<BufferedImage>)}
   * @param rawImagesPerS median over rounds, the same session's {@code run} on a pre-made tensor
   * @param ratio median over rounds of api / raw
   * @param ratios the per-round ratios
   */
  public record Result(String model, int batch, int threads, String device, int rounds, int dim, long[] input,
      double apiImagesPerS, double rawImagesPerS, double ratio, double[] ratios, double[] apiPerRound,
      double[] rawPerRound) {}

  /** Runs the benchmark on {@code encoder}. */
  public static Result run(Encoder encoder, String name, int batch, int threads, int rounds, double seconds)
      throws Exception {
    return BigStack.call("autodidact-bench", () -> runHere(encoder, name, batch, threads, rounds, seconds));
  }

  private static Result runHere(Encoder encoder, String name, int batch, int threads, int rounds,
      double seconds) throws Exception {
    Preprocessing p = encoder.preprocessing();
    InferenceModel m = encoder.session();
    List<BufferedImage> images = images(batch, p.channels(), p.crop(), 7);
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    long[] shape = p.inputShape(batch);
    float[] values = new float[batch * p.channels() * p.crop() * p.crop()];
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (rnd.nextDouble() * 2 - 1);
    }
    double[] api = new double[rounds];
    double[] raw = new double[rounds];
    double[] ratio = new double[rounds];
    try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape)) {
      Runnable apiCall = () -> encoder.embed(images);
      Runnable rawCall = () -> {
        try (OrtSession.Result r = m.runRaw(x)) {
          r.get(0);
        } catch (ai.onnxruntime.OrtException e) {
          throw new IllegalStateException(e);
        }
      };
      for (int w = 0; w < 2; w++) {
        apiCall.run();
        rawCall.run();
      }
      for (int r = 0; r < rounds; r++) {
        double[] perCall = alternate(apiCall, rawCall, seconds);
        api[r] = batch / perCall[0];
        raw[r] = batch / perCall[1];
        ratio[r] = api[r] / raw[r];
      }
    }
    return new Result(name, batch, threads, encoder.device(), rounds, encoder.dim(), Arrays.copyOfRange(shape, 1, 4),
        median(api), median(raw), median(ratio), ratio, api, raw);
  }

  /**
   * Calls {@code a} and {@code b} alternately for at least {@code seconds} (and 4 pairs); returns the
   * median seconds per call of each.
   */
  private static double[] alternate(Runnable a, Runnable b, double seconds) {
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Double> ta = new ArrayList<>();
    List<Double> tb = new ArrayList<>();
    do {
      // ABBA order: whichever call goes second finds the intra-op threads just woken by the first.
      boolean aFirst = ta.size() % 2 == 0;
      long t0 = System.nanoTime();
      (aFirst ? a : b).run();
      long t1 = System.nanoTime();
      (aFirst ? b : a).run();
      long t2 = System.nanoTime();
      ta.add((aFirst ? t1 - t0 : t2 - t1) / 1e9);
      tb.add((aFirst ? t2 - t1 : t1 - t0) / 1e9);
    } while (System.nanoTime() < end || ta.size() < 4);
    return new double[] {median(ta.stream().mapToDouble(Double::doubleValue).toArray()),
        median(tb.stream().mapToDouble(Double::doubleValue).toArray())};
  }

  static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  /** {@code n} random 8-bit images of the model's size and channels: what an application hands the API. */
  static List<BufferedImage> images(int n, int channels, int size, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<BufferedImage> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(size, size, channels == 1 ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_3BYTE_BGR);
      WritableRaster r = img.getRaster();
      for (int y = 0; y < size; y++) {
        for (int x = 0; x < size; x++) {
          for (int c = 0; c < channels; c++) {
            r.setSample(x, y, c, rnd.nextInt(256));
          }
        }
      }
      out.add(img);
    }
    return out;
  }
}
