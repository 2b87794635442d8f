package dev.autodidact.eval;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodidact.onnx.Attribute;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.runtime.Sessions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;

/**
 * Weighted k-nearest-neighbour classifier on cosine similarity (the InstDisc / DINO protocol): features
 * are L2-normalised, the k most similar bank samples vote for their class with weight
 * exp(similarity / T), and the normalised votes are the class probabilities.
 *
 * <p>Similarities and the top-k are one ONNX graph ({@code MatMul} + {@code TopK}) run on ONNX Runtime
 * over chunks of queries; the bank is one tensor kept for the life of this object. One search serves
 * every k up to {@code maxK} (TopK returns the neighbours sorted).
 *
 * <pre>{@code
 * try (Knn knn = Knn.of(trainFeatures, trainLabels, 10, 200, threads)) {
 *   double[][][] p = knn.predict(testFeatures, new int[] {20, 200}, 0.07); // p[0]: k = 20, [N, 10]
 * }
 * }</pre>
 */
public final class Knn implements AutoCloseable {
  /** Queries per ORT run: a [CHUNK, N] similarity block of a 60k bank is ~60 MB. */
  private static final int CHUNK = 256;

  private final OrtEnvironment env;
  private final OrtSession session;
  private final OnnxTensor bank;
  private final int[] labels;
  private final int classes;
  private final int dim;
  private final int maxK;
  private boolean closed;

  private Knn(OrtEnvironment env, OrtSession session, OnnxTensor bank, int[] labels, int classes, int dim, int maxK) {
    this.env = env;
    this.session = session;
    this.bank = bank;
    this.labels = labels;
    this.classes = classes;
    this.dim = dim;
    this.maxK = maxK;
  }

  /**
   * A classifier over {@code bank} (features [N, D], labels [N]) answering k up to {@code maxK}
   * (capped at N), on the CPU with {@code threads} ORT threads.
   */
  public static Knn of(float[][] bank, int[] labels, int classes, int maxK, int threads) {
    int n = bank.length;
    if (n == 0 || labels.length != n) {
      throw new IllegalArgumentException(n + " bank rows, " + labels.length + " labels");
    }
    int dim = bank[0].length;
    int k = Math.min(maxK, n);
    Graph g = new Graph("knn");
    Tensor q = g.input("q", DType.FLOAT, Shape.of(Shape.DYNAMIC, dim)); // [Q, D], normalised
    Tensor bt = g.input("bank_t", DType.FLOAT, Shape.of(dim, n)); // [D, N], normalised
    Tensor sim = Linalg.matMul(q, bt); // [Q, N]
    Tensor kk = g.constant(TensorData.longs(Shape.of(1), k));
    List<Tensor> top = g.op("TopK", List.of(sim, kk),
        Map.of("axis", new Attribute.Int(-1), "largest", new Attribute.Int(1), "sorted", new Attribute.Int(1)),
        List.of(DType.FLOAT, DType.INT64), List.of(Shape.of(Shape.DYNAMIC, k), Shape.of(Shape.DYNAMIC, k)));
    g.output("sim", top.get(0));
    g.output("idx", top.get(1));
    FloatBuffer t = ByteBuffer.allocateDirect(4 * dim * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
    for (int i = 0; i < n; i++) {
      float[] row = normalised(bank[i]);
      for (int d = 0; d < dim; d++) {
        t.put(d * n + i, row[d]);
      }
    }
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession.SessionOptions o = Sessions.options(Device.CPU, threads)) {
      OrtSession s = env.createSession(g.toModel().toByteArray(), o);
      OnnxTensor b = OnnxTensor.createTensor(env, t, new long[] {dim, n});
      return new Knn(env, s, b, labels.clone(), classes, dim, k);
    } catch (OrtException e) {
      throw new IllegalStateException("kNN graph: " + e.getMessage(), e);
    }
  }

  /**
   * Class probabilities of {@code queries} for each k of {@code ks}: result[j] is [Q, C] for ks[j].
   *
   * @param temperature T of exp(sim / T)
   */
  public double[][][] predict(float[][] queries, int[] ks, double temperature) {
    if (closed) {
      throw new IllegalStateException("Knn is closed");
    }
    int nq = queries.length;
    double[][][] out = new double[ks.length][nq][];
    for (int start = 0; start < nq; start += CHUNK) {
      int m = Math.min(CHUNK, nq - start);
      FloatBuffer qb = ByteBuffer.allocateDirect(4 * m * dim).order(ByteOrder.nativeOrder()).asFloatBuffer();
      for (int i = 0; i < m; i++) {
        float[] row = queries[start + i];
        if (row.length != dim) {
          throw new IllegalArgumentException("query has " + row.length + " dimensions, the bank " + dim);
        }
        qb.put(normalised(row));
      }
      qb.rewind();
      try (OnnxTensor qt = OnnxTensor.createTensor(env, qb, new long[] {m, dim});
          OrtSession.Result r = session.run(Map.of("q", qt, "bank_t", bank))) {
        FloatBuffer sim = ((OnnxTensor) r.get("sim").get()).getFloatBuffer();
        java.nio.LongBuffer idx = ((OnnxTensor) r.get("idx").get()).getLongBuffer();
        for (int i = 0; i < m; i++) {
          for (int j = 0; j < ks.length; j++) {
            out[j][start + i] = vote(sim, idx, i * maxK, Math.min(ks[j], maxK), temperature);
          }
        }
      } catch (OrtException e) {
        throw new IllegalStateException("kNN search: " + e.getMessage(), e);
      }
    }
    return out;
  }

  // neighbours at [off, off + k) of the sorted top list
  private double[] vote(FloatBuffer sim, java.nio.LongBuffer idx, int off, int k, double temperature) {
    double[] v = new double[classes];
    double total = 0;
    for (int j = 0; j < k; j++) {
      double w = Math.exp(sim.get(off + j) / temperature);
      v[labels[(int) idx.get(off + j)]] += w;
      total += w;
    }
    for (int c = 0; c < classes; c++) {
      v[c] /= total;
    }
    return v;
  }

  private static float[] normalised(float[] x) {
    double s = 0;
    for (float v : x) {
      s += (double) v * v;
    }
    double inv = s == 0 ? 0 : 1 / Math.sqrt(s);
    float[] y = new float[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (float) (x[i] * inv);
    }
    return y;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      bank.close();
      try {
        session.close();
      } catch (OrtException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
