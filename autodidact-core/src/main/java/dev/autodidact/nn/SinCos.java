package dev.autodidact.nn;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;

/**
 * MAE's fixed 2-D sin-cos position embeddings ({@code get_2d_sincos_pos_embed} with a cls row). They are
 * constants in the graph, not state: they never train and are fully determined by (dim, grid).
 */
public final class SinCos {
  private SinCos() {}

  /**
   * [1, 1 + g², D]: row 0 (cls) zeros; token 1 + i·g + j (patch row i, column j) has the column j in dims
   * [0, D/2) and the row i in [D/2, D) (MAE's meshgrid puts w first); each half for position q is
   * [sin(q·ω_0..ω_{D/4−1}), cos(q·ω_0..)] with ω_d = 10000^(−d/(D/4)). Computed in float64 like numpy.
   */
  public static TensorData posEmbed(int dim, int grid, DType dtype) {
    if (dim % 4 != 0) {
      throw new IllegalArgumentException("sin-cos position embedding needs dim % 4 == 0, got " + dim);
    }
    int quarter = dim / 4;
    int tokens = 1 + grid * grid;
    double[] v = new double[tokens * dim];
    for (int i = 0; i < grid; i++) {
      for (int j = 0; j < grid; j++) {
        int base = (1 + i * grid + j) * dim;
        fillHalf(v, base, j, quarter);
        fillHalf(v, base + dim / 2, i, quarter);
      }
    }
    return TensorData.fromDoubles(dtype, Shape.of(1, tokens, dim), v);
  }

  private static void fillHalf(double[] v, int off, int pos, int quarter) {
    for (int d = 0; d < quarter; d++) {
      double omega = 1.0 / Math.pow(10000, d / (double) quarter);
      v[off + d] = Math.sin(pos * omega);
      v[off + quarter + d] = Math.cos(pos * omega);
    }
  }
}
