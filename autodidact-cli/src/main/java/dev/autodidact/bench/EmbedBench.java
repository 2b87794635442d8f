package dev.autodidact.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.autodidact.Encoder;
import dev.autodidact.Preprocessing;
import dev.autodidact.api.InferenceModel;
import dev.autodidact.runtime.BigStack;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Embedding throughput through the public API ({@link Encoder#embed(List)}: image conversion,
 * resize/crop, normalization, tensor, run, copy out) next to a raw ORT session on a pre-made input
 * tensor (only {@code session.run}), same model bytes, same session options, in one process.
 *
 * <p>Rounds alternate which side goes first; each side runs for {@code seconds} per round after a
 * warm-up; the ratio is taken per round (API / raw images per second) and its median reported, so
 * load from other processes hits both sides alike.
 */
public final class EmbedBench {
  private EmbedBench() {}

  /**
   * What one run measured.
   *
   * @param apiImagesPerS median over rounds, through {@code Encoder.embed(List<BufferedImage>)}
   * @param rawImagesPerS median over rounds, {@code OrtSession.run} on a pre-made tensor
   * @param ratio median over rounds of api / raw
   * @param ratios the per-round ratios
   */
  public record Result(String model, int batch, int threads, String device, int rounds, int dim, long[] input,
      double apiImagesPerS, double rawImagesPerS, double ratio, double[] ratios, double[] apiPerRound,
      double[] rawPerRound) {}

  /** Runs the benchmark on {@code encoder} (its model bytes are re-read for the raw session). */
  public static Result run(Encoder encoder, byte[] onnx, String name, int batch, int threads, int rounds,
      double seconds) throws Exception {
    return BigStack.call("autodidact-bench", () -> runHere(encoder, onnx, name, batch, threads, rounds, seconds));
  }

  private static Result runHere(Encoder encoder, byte[] onnx, String name, int batch, int threads, int rounds,
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
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, threads);
        OrtSession session = env.createSession(onnx, o);
        OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(values), shape)) {
      Map<String, OnnxTensor> feed = Map.of(m.inputName(), x);
      Runnable apiCall = () -> encoder.embed(images);
      Runnable rawCall = () -> {
        try (OrtSession.Result r = session.run(feed)) {
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
        if (r % 2 == 0) {
          api[r] = time(apiCall, seconds) * batch;
          raw[r] = time(rawCall, seconds) * batch;
        } else {
          raw[r] = time(rawCall, seconds) * batch;
          api[r] = time(apiCall, seconds) * batch;
        }
        ratio[r] = api[r] / raw[r];
      }
    }
    return new Result(name, batch, threads, encoder.device(), rounds, encoder.dim(), Arrays.copyOfRange(shape, 1, 4),
        median(api), median(raw), median(ratio), ratio, api, raw);
  }

  /** Calls per second over at least {@code seconds} (and at least 3 calls). */
  private static double time(Runnable call, double seconds) {
    long t0 = System.nanoTime();
    long end = t0 + (long) (seconds * 1e9);
    int n = 0;
    long now;
    do {
      call.run();
      n++;
      now = System.nanoTime();
    } while (now < end || n < 3);
    return n / ((now - t0) / 1e9);
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
