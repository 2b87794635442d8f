package dev.autodidact.selfcheck;

import static dev.autodidact.onnx.DType.FLOAT;
import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.gelu;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Linalg.gemm;
import static dev.autodidact.onnx.Linalg.matMul;
import static dev.autodidact.onnx.ShapeOps.reshape;
import static dev.autodidact.onnx.ShapeOps.split;
import static dev.autodidact.onnx.ShapeOps.transpose;
import static dev.autodidact.selfcheck.InputSpec.fixed;
import static dev.autodidact.selfcheck.InputSpec.normal;
import static dev.autodidact.selfcheck.InputSpec.uniform;

import dev.autodidact.onnx.ConvSpec;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.List;

/**
 * Whole-network gradient checks: the rules composed the way the models use them. GELU stands in for
 * ReLU so that float32 finite differences never straddle a kink.
 */
final class NetworkCases {
  private NetworkCases() {}

  static List<GradCase> all() {
    return List.of(convNet(), transformerBlock());
  }

  /** conv-BN(train)-GELU, strided conv-BN-GELU, global pool, linear, log-softmax. */
  private static GradCase convNet() {
    return new GradCase("network", "conv net with BatchNorm (training mode)", List.of(
        normal("x", FLOAT, 4, 2, 8, 8),
        normal("conv1.w", FLOAT, 4, 2, 3, 3),
        uniform("bn1.gamma", FLOAT, 0.5, 1.5, 4), normal("bn1.beta", FLOAT, 4),
        normal("conv2.w", FLOAT, 6, 4, 3, 3),
        uniform("bn2.gamma", FLOAT, 0.5, 1.5, 6), normal("bn2.beta", FLOAT, 6),
        normal("fc.w", FLOAT, 3, 6), normal("fc.b", FLOAT, 3),
        fixed("bn1.mean", TensorData.floats(Shape.of(4), 0, 0, 0, 0)),
        fixed("bn1.var", TensorData.floats(Shape.of(4), 1, 1, 1, 1)),
        fixed("bn2.mean", TensorData.floats(Shape.of(6), 0, 0, 0, 0, 0, 0)),
        fixed("bn2.var", TensorData.floats(Shape.of(6), 1, 1, 1, 1, 1, 1))), t -> {
          Tensor h = Nn.conv(t.get(0), t.get(1), null, ConvSpec.of2d(1, 1));
          h = gelu(Nn.batchNormTraining(h, t.get(2), t.get(3), t.get(9), t.get(10), 1e-5, 0.9).get(0));
          h = Nn.conv(h, t.get(4), null, ConvSpec.of2d(2, 1));
          h = gelu(Nn.batchNormTraining(h, t.get(5), t.get(6), t.get(11), t.get(12), 1e-5, 0.9).get(0));
          h = ShapeOps.flatten(Nn.globalAveragePool(h), 1);
          return Reduce.logSoftmax(gemm(h, t.get(7), t.get(8), 1, 1, false, true), 1);
        });
  }

  /** Pre-LN transformer block: LN, multi-head softmax attention, residual, LN, GELU MLP, residual. */
  private static GradCase transformerBlock() {
    int n = 2;
    int tokens = 5;
    int d = 8;
    int heads = 2;
    int hd = d / heads;
    return new GradCase("network", "transformer block (LayerNorm, attention, GELU)", List.of(
        normal("x", FLOAT, n, tokens, d),
        uniform("ln1.g", FLOAT, 0.5, 1.5, d), normal("ln1.b", FLOAT, d),
        normal("qkv.w", FLOAT, d, 3 * d), normal("qkv.b", FLOAT, 3 * d),
        normal("proj.w", FLOAT, d, d),
        uniform("ln2.g", FLOAT, 0.5, 1.5, d), normal("ln2.b", FLOAT, d),
        normal("fc1.w", FLOAT, d, 2 * d), normal("fc2.w", FLOAT, 2 * d, d)), t -> {
          Tensor x = t.get(0);
          Tensor h = Nn.layerNorm(x, t.get(1), t.get(2), -1, 1e-6);
          Tensor qkv = add(matMul(mul(h, 0.3), t.get(3)), t.get(4)); // [n, T, 3d]
          qkv = transpose(reshape(qkv, n, tokens, 3, heads, hd), 2, 0, 3, 1, 4); // [3, n, h, T, hd]
          List<Tensor> parts = split(qkv, 0, 1, 1, 1);
          Tensor q = ShapeOps.squeeze(parts.get(0), 0);
          Tensor k = ShapeOps.squeeze(parts.get(1), 0);
          Tensor v = ShapeOps.squeeze(parts.get(2), 0);
          Tensor att = Reduce.softmax(mul(matMul(q, transpose(k, 0, 1, 3, 2)), 1.0 / Math.sqrt(hd)), -1);
          Tensor o = reshape(transpose(matMul(att, v), 0, 2, 1, 3), n, tokens, d);
          x = add(x, matMul(mul(o, 0.3), t.get(5)));
          Tensor m = Nn.layerNormDecomposed(x, t.get(6), t.get(7), 1e-6);
          m = matMul(gelu(matMul(mul(m, 0.3), t.get(8))), t.get(9));
          return add(x, mul(m, 0.3));
        });
  }
}
