package dev.autodidact.selfcheck;

import static dev.autodidact.onnx.DType.DOUBLE;
import static dev.autodidact.onnx.DType.FLOAT;
import static dev.autodidact.selfcheck.InputSpec.awayFromZero;
import static dev.autodidact.selfcheck.InputSpec.distinct;
import static dev.autodidact.selfcheck.InputSpec.fixed;
import static dev.autodidact.selfcheck.InputSpec.indices;
import static dev.autodidact.selfcheck.InputSpec.normal;
import static dev.autodidact.selfcheck.InputSpec.uniform;

import dev.autodidact.onnx.ConvSpec;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Gradient checks of single ops: random shapes with broadcasting and odd sizes. Ops with float64
 * kernels in ORT are checked in float64; Conv, ConvTranspose, Erf and the pools only in float32.
 */
final class OpCases {
  private OpCases() {}

  private static GradCase c(String op, String config, Function<List<Tensor>, Tensor> f, InputSpec... in) {
    return new GradCase(op, config, List.of(in), f);
  }

  private static Function<List<Tensor>, Tensor> unary(Function<Tensor, Tensor> f) {
    return t -> f.apply(t.get(0));
  }

  static List<GradCase> all() {
    List<GradCase> l = new ArrayList<>();
    elementwise(l);
    reductions(l);
    linalg(l);
    shapes(l);
    indexing(l);
    conv(l);
    pooling(l);
    norms(l);
    return l;
  }

  private static void elementwise(List<GradCase> l) {
    l.add(c("Add", "[3,4]+[3,4]", t -> Elementwise.add(t.get(0), t.get(1)), normal("a", DOUBLE, 3, 4), normal("b", DOUBLE, 3, 4)));
    l.add(c("Add", "[2,3,4]+[4] broadcast", t -> Elementwise.add(t.get(0), t.get(1)), normal("a", DOUBLE, 2, 3, 4), normal("b", DOUBLE, 4)));
    l.add(c("Add", "[2,3,4]+[4] broadcast, ReduceSum form", t -> Elementwise.add(t.get(0), t.get(1)), normal("a", DOUBLE, 2, 3, 4),
        normal("b", DOUBLE, 4)).with("sum.lead", "reducesum"));
    l.add(c("Add", "[3,1]+[1,4] broadcast both", t -> Elementwise.add(t.get(0), t.get(1)), normal("a", DOUBLE, 3, 1), normal("b", DOUBLE, 1, 4)));
    l.add(c("Sub", "[2,3]-[3] broadcast", t -> Elementwise.sub(t.get(0), t.get(1)), normal("a", DOUBLE, 2, 3), normal("b", DOUBLE, 3)));
    l.add(c("Mul", "[2,3,4]*[3,1] broadcast", t -> Elementwise.mul(t.get(0), t.get(1)), normal("a", DOUBLE, 2, 3, 4), normal("b", DOUBLE, 3, 1)));
    l.add(c("Mul", "x*x fan-out", t -> Elementwise.mul(t.get(0), t.get(0)), normal("a", DOUBLE, 5)));
    l.add(c("Div", "[3,4]/[4] broadcast", t -> Elementwise.div(t.get(0), t.get(1)), normal("a", DOUBLE, 3, 4), uniform("b", DOUBLE, 0.5, 2, 4)));
    l.add(c("Pow", "[3,4]^[4]", t -> Elementwise.pow(t.get(0), t.get(1)), uniform("a", DOUBLE, 0.5, 2, 3, 4), uniform("b", DOUBLE, 0.5, 2.5, 4)));
    l.add(c("Neg", "[5]", unary(Elementwise::neg), normal("x", DOUBLE, 5)));
    l.add(c("Sqrt", "[2,3]", unary(Elementwise::sqrt), uniform("x", DOUBLE, 0.5, 2, 2, 3)));
    l.add(c("Reciprocal", "[2,3]", unary(Elementwise::reciprocal), uniform("x", DOUBLE, 0.5, 2, 2, 3)));
    l.add(c("Exp", "[3,3]", unary(Elementwise::exp), normal("x", DOUBLE, 3, 3)));
    l.add(c("Log", "[3,3]", unary(Elementwise::log), uniform("x", DOUBLE, 0.5, 3, 3, 3)));
    l.add(c("Abs", "[4,3]", unary(Elementwise::abs), awayFromZero("x", DOUBLE, 4, 3)));
    l.add(c("Relu", "[4,5]", unary(Elementwise::relu), awayFromZero("x", DOUBLE, 4, 5)));
    l.add(c("Relu", "[4,5]", unary(Elementwise::relu), awayFromZero("x", DOUBLE, 4, 5)).with("relu.grad", "zeros"));
    l.add(c("Relu", "[4,5] scalar zero", unary(Elementwise::relu), awayFromZero("x", DOUBLE, 4, 5)).with("relu.grad", "scalar"));
    l.add(c("Sigmoid", "[3,4]", unary(Elementwise::sigmoid), normal("x", DOUBLE, 3, 4)));
    l.add(c("Tanh", "[3,4]", unary(Elementwise::tanh), normal("x", DOUBLE, 3, 4)));
    l.add(c("Erf", "[3,4] float32", unary(Elementwise::erf), normal("x", FLOAT, 3, 4)));
    l.add(c("Gelu", "[3,5] float32 (exact, via Erf)", unary(Elementwise::gelu), normal("x", FLOAT, 3, 5)));
    l.add(c("Clip", "[4,4] in [-0.9, 1.1]", unary(x -> Elementwise.clip(x, -0.9, 1.1)), awayFromZero("x", DOUBLE, 4, 4)));
    l.add(c("Clip", "[6] min only", unary(x -> Elementwise.clip(x, 0.05, null)), awayFromZero("x", DOUBLE, 6)));
    l.add(c("Where", "cond[3,4] ? [3,4] : [4]", t -> Elementwise.where(t.get(0), t.get(1), t.get(2)),
        fixed("c", TensorData.bools(Shape.of(3, 4), true, false, false, true, true, true, false, false, true, false, true, false)),
        normal("a", DOUBLE, 3, 4), normal("b", DOUBLE, 4)));
    l.add(c("Cast", "float32 -> float64", unary(x -> Elementwise.cast(x, DOUBLE)), normal("x", FLOAT, 3, 2)));
    l.add(c("Identity", "[3]", unary(Elementwise::identity), normal("x", DOUBLE, 3)));
  }

  private static void reductions(List<GradCase> l) {
    l.add(c("ReduceSum", "[2,3,4] axis 1", unary(x -> Reduce.reduceSum(x, false, 1)), normal("x", DOUBLE, 2, 3, 4)));
    l.add(c("ReduceSum", "[2,3,4] axes 0,2 keepdims", unary(x -> Reduce.reduceSum(x, true, 0, 2)), normal("x", DOUBLE, 2, 3, 4)));
    l.add(c("ReduceSum", "[3,5] all", unary(x -> Reduce.reduceSum(x, false)), normal("x", DOUBLE, 3, 5)));
    l.add(c("ReduceMean", "[3,5] axis -1", unary(x -> Reduce.reduceMean(x, false, -1)), normal("x", DOUBLE, 3, 5)));
    l.add(c("ReduceMean", "[2,3,4] axes 0,2 keepdims", unary(x -> Reduce.reduceMean(x, true, 0, 2)), normal("x", DOUBLE, 2, 3, 4)));
    l.add(c("ReduceMax", "[3,4] axis 1", unary(x -> Reduce.reduceMax(x, false, 1)), distinct("x", DOUBLE, 3, 4)));
    l.add(c("ReduceMax", "[2,3,5] axes 0,2 keepdims", unary(x -> Reduce.reduceMax(x, true, 0, 2)), distinct("x", DOUBLE, 2, 3, 5)));
    l.add(c("ReduceSumSquare", "[3,4] axis 0", unary(x -> Reduce.reduceSumSquare(x, false, 0)), normal("x", DOUBLE, 3, 4)));
    l.add(c("Softmax", "[3,5] axis -1", unary(x -> Reduce.softmax(x, -1)), normal("x", DOUBLE, 3, 5)));
    l.add(c("Softmax", "[4,3,2] axis 1", unary(x -> Reduce.softmax(x, 1)), normal("x", DOUBLE, 4, 3, 2)));
    l.add(c("LogSoftmax", "[4,6] axis 1", unary(x -> Reduce.logSoftmax(x, 1)), normal("x", DOUBLE, 4, 6)));
    l.add(c("LogSoftmax", "[3,4,5] axis 0", unary(x -> Reduce.logSoftmax(x, 0)), normal("x", DOUBLE, 3, 4, 5)));
  }

  private static void linalg(List<GradCase> l) {
    l.add(c("MatMul", "[3,4]x[4,5]", t -> Linalg.matMul(t.get(0), t.get(1)), normal("a", DOUBLE, 3, 4), normal("b", DOUBLE, 4, 5)));
    l.add(c("MatMulTransB", "[2,3,5,4]x[2,3,6,4]ᵀ", t -> Linalg.matMulTransB(t.get(0), t.get(1)), normal("a", DOUBLE, 2, 3, 5, 4),
        normal("b", DOUBLE, 2, 3, 6, 4)));
    l.add(c("MatMul", "[2,3,4]x[4,5] broadcast", t -> Linalg.matMul(t.get(0), t.get(1)), normal("a", DOUBLE, 2, 3, 4), normal("b", DOUBLE, 4, 5)));
    GradCase shared = c("MatMul", "[2,3,4]x[4,5] shared 2-D weight", t -> Linalg.matMul(t.get(0), t.get(1)),
        normal("a", DOUBLE, 2, 3, 4), normal("b", DOUBLE, 4, 5));
    l.add(shared.with("matmul.wgrad", "batched"));
    l.add(c("MatMul", "[2,2,3,4]x[4,5] shared 2-D weight", t -> Linalg.matMul(t.get(0), t.get(1)),
        normal("a", DOUBLE, 2, 2, 3, 4), normal("b", DOUBLE, 4, 5)));
    l.add(c("MatMul", "[2,1,3,4]x[3,4,2] broadcast both", t -> Linalg.matMul(t.get(0), t.get(1)), normal("a", DOUBLE, 2, 1, 3, 4), normal("b", DOUBLE, 3, 4, 2)));
    l.add(c("Gemm", "linear x[3,4] W[5,4]ᵀ + b[5]", t -> Linalg.gemm(t.get(0), t.get(1), t.get(2), 1, 1, false, true),
        normal("x", DOUBLE, 3, 4), normal("w", DOUBLE, 5, 4), normal("b", DOUBLE, 5)));
    l.add(c("Gemm", "Aᵀ[4,3] B[4,5] C[3,5] alpha 0.5 beta 2", t -> Linalg.gemm(t.get(0), t.get(1), t.get(2), 0.5, 2, true, false),
        normal("a", DOUBLE, 4, 3), normal("b", DOUBLE, 4, 5), normal("c", DOUBLE, 3, 5)));
    l.add(c("Gemm", "Aᵀ Bᵀ C[1,5]", t -> Linalg.gemm(t.get(0), t.get(1), t.get(2), 1, 1, true, true),
        normal("a", DOUBLE, 4, 3), normal("b", DOUBLE, 5, 4), normal("c", DOUBLE, 1, 5)));
  }

  private static void shapes(List<GradCase> l) {
    l.add(c("Transpose", "[2,3,4] perm 2,0,1", unary(x -> ShapeOps.transpose(x, 2, 0, 1)), normal("x", DOUBLE, 2, 3, 4)));
    l.add(c("Reshape", "[2,3,4] -> [6,-1]", unary(x -> ShapeOps.reshape(x, 6, -1)), normal("x", DOUBLE, 2, 3, 4)));
    l.add(c("Flatten", "[2,3,4] axis 1", unary(x -> ShapeOps.flatten(x, 1)), normal("x", DOUBLE, 2, 3, 4)));
    l.add(c("Squeeze", "[2,1,3] axis 1", unary(x -> ShapeOps.squeeze(x, 1)), normal("x", DOUBLE, 2, 1, 3)));
    l.add(c("Unsqueeze", "[2,3] axes 0,3", unary(x -> ShapeOps.unsqueeze(x, 0, 3)), normal("x", DOUBLE, 2, 3)));
    l.add(c("Expand", "[3,1] -> [2,3,4]", unary(x -> ShapeOps.expand(x, Shape.of(2, 3, 4))), normal("x", DOUBLE, 3, 1)));
    l.add(c("Concat", "axis 1 of [2,3],[2,2],[2,1]", t -> ShapeOps.concat(1, t),
        normal("a", DOUBLE, 2, 3), normal("b", DOUBLE, 2, 2), normal("c", DOUBLE, 2, 1)));
    l.add(c("Split", "[2,6] into 1,2,3, middle unused", unary(x -> {
      List<Tensor> p = ShapeOps.split(x, 1, 1, 2, 3);
      return ShapeOps.concat(1, Elementwise.mul(p.get(0), p.get(0)), p.get(2));
    }), normal("x", DOUBLE, 2, 6)));
    l.add(c("Slice", "[4,7] rows 1:3, cols ::2", unary(x -> ShapeOps.slice(x, new long[] {1, 0}, new long[] {3, 7},
        new long[] {0, 1}, new long[] {1, 2})), normal("x", DOUBLE, 4, 7)));
    l.add(c("Slice", "[5,4] rows 4:0:-2", unary(x -> ShapeOps.slice(x, new long[] {4}, new long[] {0},
        new long[] {0}, new long[] {-2})), normal("x", DOUBLE, 5, 4)));
    l.add(c("Slice", "[3,6] cols -4:-1", unary(x -> ShapeOps.slice(x, 1, -4, -1)), normal("x", DOUBLE, 3, 6)));
    l.add(c("Pad", "[2,3] pads 1,0,0,2", unary(x -> ShapeOps.pad(x, new long[] {1, 0, 0, 2}, 0.5)), normal("x", DOUBLE, 2, 3)));
  }

  private static void indexing(List<GradCase> l) {
    l.add(c("Gather", "data[5,3] axis 0, indices[2,4] with repeats", t -> Index.gather(t.get(0), t.get(1), 0),
        normal("data", DOUBLE, 5, 3), indices("idx", 5, 2, 4)));
    l.add(c("Gather", "data[2,5,3] axis 1, indices[4]", t -> Index.gather(t.get(0), t.get(1), 1),
        normal("data", DOUBLE, 2, 5, 3), indices("idx", 5, 4)));
    l.add(c("GatherElements", "data[3,4] axis 1, indices[3,6]", t -> Index.gatherElements(t.get(0), t.get(1), 1),
        normal("data", DOUBLE, 3, 4), indices("idx", 4, 3, 6)));
    // The hand-written backward (gather by the inverse permutation) is what is checked here.
    l.add(c("PermuteRows", "x[2,5,3], a permutation per sample", t -> Index.permuteRows(t.get(0), t.get(1)),
        normal("x", DOUBLE, 2, 5, 3), fixed("perm", TensorData.longs(Shape.of(2, 5), 3, 0, 4, 1, 2, 1, 2, 0, 4, 3))));
    l.add(c("KeepRows", "x[2,5,3], 2 of 5 rows kept per sample", t -> Index.keepRows(t.get(0), t.get(1), t.get(2)),
        normal("x", DOUBLE, 2, 5, 3), fixed("keep", TensorData.longs(Shape.of(2, 2), 3, 0, 1, 2)),
        fixed("restore", TensorData.longs(Shape.of(2, 5), 1, 2, 3, 0, 4, 2, 0, 1, 4, 3))));
    l.add(c("SwapAxes12", "x[2,3,4,5] → [2,4,3,5] by a row gather", unary(Index::swapAxes12), normal("x", DOUBLE, 2, 3, 4, 5)));
    l.add(c("GatherND", "data[3,4,2] indices[5,2]", t -> Index.gatherND(t.get(0), t.get(1)),
        normal("data", DOUBLE, 3, 4, 2), fixed("idx", TensorData.longs(Shape.of(5, 2), 0, 1, 2, 3, 1, 0, 0, 1, 2, 2))));
    l.add(c("ScatterND", "data[4,3] rows 1,3 replaced", t -> Index.scatterND(t.get(0), t.get(1), t.get(2), "none"),
        normal("data", DOUBLE, 4, 3), fixed("idx", TensorData.longs(Shape.of(2, 1), 1, 3)), normal("upd", DOUBLE, 2, 3)));
    l.add(c("ScatterND", "data[4,3] add with repeats", t -> Index.scatterND(t.get(0), t.get(1), t.get(2), "add"),
        normal("data", DOUBLE, 4, 3), fixed("idx", TensorData.longs(Shape.of(3, 1), 1, 1, 2)), normal("upd", DOUBLE, 3, 3)));
    l.add(c("ScatterElements", "data[3,4] axis 1 replace", t -> Index.scatterElements(t.get(0), t.get(1), t.get(2), 1, "none"),
        normal("data", DOUBLE, 3, 4), fixed("idx", TensorData.longs(Shape.of(3, 2), 0, 2, 3, 1, 2, 0)), normal("upd", DOUBLE, 3, 2)));
    l.add(c("ScatterElements", "data[3,2] axis 0 add with repeats", t -> Index.scatterElements(t.get(0), t.get(1), t.get(2), 0, "add"),
        normal("data", DOUBLE, 3, 2), fixed("idx", TensorData.longs(Shape.of(4, 2), 0, 1, 0, 1, 2, 2, 0, 0)), normal("upd", DOUBLE, 4, 2)));
  }

  private static ConvSpec spec(long s, long p) {
    return ConvSpec.of2d(s, p);
  }

  private static GradCase convCase(String config, long[] x, long[] w, boolean bias, ConvSpec s) {
    List<InputSpec> in = new ArrayList<>(List.of(normal("x", FLOAT, x), normal("w", FLOAT, w)));
    if (bias) {
      in.add(normal("b", FLOAT, w[0]));
    }
    return new GradCase("Conv", config, in, t -> Nn.conv(t.get(0), t.get(1), bias ? t.get(2) : null, s));
  }

  /** Each conv case also with every alternative formulation of its gradient (dev.autodidact.onnx.BuildOption). */
  static List<GradCase> convFormulations(GradCase c) {
    return List.of(c, c.with("conv.wgrad", "conv"), c.with("conv.wgrad", "gemm"), c.with("conv.wgrad", "batched"),
        c.with("conv.wgrad", "flat-gemm"), c.with("conv.wgrad", "flat-batched"),
        c.with("conv.dgrad", "conv"), c.with("conv.dgrad", "convtranspose"));
  }

  private static void conv(List<GradCase> l) {
    List<GradCase> plain = new ArrayList<>();
    convPlain(plain);
    for (GradCase c : plain) {
      l.addAll(c.op().equals("Conv") ? convFormulations(c) : List.of(c));
    }
    convGemm(l);
  }

  /** The layer conv as explicit im2col + Gemm (onnx.ConvGemm, backward in autodiff.ConvGemmRules), NCHW and NHWC entries. */
  private static void convGemm(List<GradCase> l) {
    long[][] cases = { // N, C, H, W, M, k, stride
        {2, 3, 6, 6, 4, 3, 1}, {2, 2, 7, 7, 3, 3, 2}, {2, 2, 8, 8, 3, 3, 2}, {2, 3, 5, 5, 4, 1, 1}, {2, 3, 6, 7, 4, 1, 2},
        {1, 2, 9, 9, 2, 5, 1}, {1, 2, 9, 9, 2, 5, 2}, {1, 2, 6, 6, 2, 2, 2}};
    for (long[] q : cases) {
      int k = (int) q[5];
      int st = (int) q[6];
      String cfg = "k" + k + " s" + st + " p" + k / 2 + " [" + q[0] + "," + q[1] + "," + q[2] + "," + q[3] + "]->" + q[4];
      List<InputSpec> in = List.of(normal("x", FLOAT, q[0], q[1], q[2], q[3]), normal("w", FLOAT, q[4], q[1], k, k));
      l.add(new GradCase("ConvGemm", cfg + " NCHW", in,
          t -> dev.autodidact.onnx.ConvGemm.conv2d(t.get(0), t.get(1), st, k / 2)).with("conv.forward", "nhwc"));
      l.add(new GradCase("ConvGemm", cfg + " NCHW", in,
          t -> dev.autodidact.onnx.ConvGemm.conv2d(t.get(0), t.get(1), st, k / 2)).with("conv.forward", "flat"));
      l.add(new GradCase("ConvGemm", cfg + " CNHW", in,
          t -> st == 1 ? dev.autodidact.onnx.ConvGemm.cnhwSame(ShapeOps.transpose(t.get(0), 1, 0, 2, 3), t.get(1))
              : Nn.conv(t.get(0), t.get(1), null, ConvSpec.of2d(st, k / 2))));
      l.add(new GradCase("ConvGemm", cfg + " NHWC", in,
          t -> dev.autodidact.onnx.ConvGemm.nhwc(ShapeOps.transpose(t.get(0), 0, 2, 3, 1), t.get(1), st, k / 2)));
      if (st > 1) {
        l.add(new GradCase("ConvGemm", cfg + " NHWC, ConvTranspose input gradient", in,
            t -> dev.autodidact.onnx.ConvGemm.nhwc(ShapeOps.transpose(t.get(0), 0, 2, 3, 1), t.get(1), st, k / 2))
            .with("conv.nhwc_dgrad", "convtranspose"));
      }
    }
  }

  private static void convPlain(List<GradCase> l) {
    l.add(convCase("k3 s1 p1 [2,3,6,6] + bias", new long[] {2, 3, 6, 6}, new long[] {4, 3, 3, 3}, true, spec(1, 1)));
    l.add(convCase("k3 s2 p1 odd remainder [2,2,8,8]", new long[] {2, 2, 8, 8}, new long[] {3, 2, 3, 3}, false, spec(2, 1)));
    l.add(convCase("k1 s2 p0 [2,3,6,6]", new long[] {2, 3, 6, 6}, new long[] {4, 3, 1, 1}, false, spec(2, 0)));
    l.add(convCase("k7 s2 p3 [1,2,10,10]", new long[] {1, 2, 10, 10}, new long[] {2, 2, 7, 7}, true, spec(2, 3)));
    l.add(convCase("k3 s1 p2 dilation 2 [1,2,7,7]", new long[] {1, 2, 7, 7}, new long[] {3, 2, 3, 3}, false,
        spec(1, 2).withDilations(2, 2)));
    l.add(convCase("k3 s2 p1 groups 2 [2,4,7,7]", new long[] {2, 4, 7, 7}, new long[] {6, 2, 3, 3}, true,
        spec(2, 1).withGroup(2)));
    l.add(convCase("k3x2 s(2,1) asymmetric pads [1,2,7,6]", new long[] {1, 2, 7, 6}, new long[] {2, 2, 3, 2}, false,
        new ConvSpec(new long[] {2, 1}, new long[] {0, 1, 1, 0}, new long[] {1, 1}, 1, new long[] {0, 0})));
    l.add(convCase("k3x2 s1 dilation (1,2) asymmetric pads [2,3,6,7]", new long[] {2, 3, 6, 7}, new long[] {4, 3, 3, 2},
        false, new ConvSpec(new long[] {1, 1}, new long[] {2, 0, 1, 1}, new long[] {1, 2}, 1, new long[] {0, 0})));
    l.add(c("ConvTranspose", "k3 s2 p1 output_padding 1 [2,3,4,4] + bias",
        t -> Nn.convTranspose(t.get(0), t.get(1), t.get(2), spec(2, 1).withOutputPadding(1, 1)),
        normal("x", FLOAT, 2, 3, 4, 4), normal("w", FLOAT, 3, 2, 3, 3), normal("b", FLOAT, 2)));
    l.add(c("ConvTranspose", "k4 s2 p1 [1,2,3,3]", t -> Nn.convTranspose(t.get(0), t.get(1), null, spec(2, 1)),
        normal("x", FLOAT, 1, 2, 3, 3), normal("w", FLOAT, 2, 3, 4, 4)));
    l.add(c("ConvTranspose", "k3 s1 p0 groups 2 [2,4,3,3]",
        t -> Nn.convTranspose(t.get(0), t.get(1), null, spec(1, 0).withGroup(2)),
        normal("x", FLOAT, 2, 4, 3, 3), normal("w", FLOAT, 4, 3, 3, 3)));
  }

  private static void pooling(List<GradCase> l) {
    long[] k2 = {2, 2};
    long[] k3 = {3, 3};
    l.add(c("MaxPool", "k2 s2 [2,3,6,6]", unary(x -> Nn.maxPool(x, k2, spec(2, 0))), distinct("x", FLOAT, 2, 3, 6, 6)));
    l.add(c("MaxPool", "k3 s2 p1 [1,2,7,7]", unary(x -> Nn.maxPool(x, k3, spec(2, 1))), distinct("x", FLOAT, 1, 2, 7, 7)));
    l.add(c("AveragePool", "k2 s2 [2,3,6,6]", unary(x -> Nn.averagePool(x, k2, spec(2, 0), false)), normal("x", FLOAT, 2, 3, 6, 6)));
    l.add(c("AveragePool", "k3 s2 p1 pad not counted [1,2,7,7]", unary(x -> Nn.averagePool(x, k3, spec(2, 1), false)),
        normal("x", FLOAT, 1, 2, 7, 7)));
    l.add(c("AveragePool", "k3 s2 p1 pad counted [1,2,8,8]", unary(x -> Nn.averagePool(x, k3, spec(2, 1), true)),
        normal("x", FLOAT, 1, 2, 8, 8)));
    l.add(c("GlobalAveragePool", "[2,3,4,5]", unary(Nn::globalAveragePool), normal("x", FLOAT, 2, 3, 4, 5)));
  }

  private static void norms(List<GradCase> l) {
    DType t = DOUBLE;
    l.add(c("BatchNormalization", "training mode [4,3,5,5]",
        in -> Nn.batchNormTraining(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), 1e-5, 0.9).get(0),
        normal("x", t, 4, 3, 5, 5), uniform("gamma", t, 0.5, 1.5, 3), normal("beta", t, 3),
        fixed("mean", TensorData.doubles(Shape.of(3), 0.1, -0.2, 0.3)), fixed("var", TensorData.doubles(Shape.of(3), 1, 2, 0.5))));
    l.add(c("BatchNormalization", "training mode [6,2] (no spatial)",
        in -> Nn.batchNormTraining(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), 1e-5, 0.9).get(0),
        normal("x", t, 6, 2), uniform("gamma", t, 0.5, 1.5, 2), normal("beta", t, 2),
        fixed("mean", TensorData.doubles(Shape.of(2), 0, 0)), fixed("var", TensorData.doubles(Shape.of(2), 1, 1))));
    l.add(c("BatchNormalization", "training mode [4,3,5,5] decomposed (bn.forward=decomposed)",
        in -> dev.autodidact.nn.BatchNorm2d.trainingDecomposed(in.get(0), in.get(1), in.get(2), 1e-5).get(0),
        normal("x", t, 4, 3, 5, 5), uniform("gamma", t, 0.5, 1.5, 3), normal("beta", t, 3)));
    l.add(c("BatchNormalization", "training mode [4,3,5,5] plain formulation",
        in -> Nn.batchNormTraining(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), 1e-5, 0.9).get(0),
        normal("x", t, 4, 3, 5, 5), uniform("gamma", t, 0.5, 1.5, 3), normal("beta", t, 3),
        fixed("mean", TensorData.doubles(Shape.of(3), 0.1, -0.2, 0.3)), fixed("var", TensorData.doubles(Shape.of(3), 1, 2, 0.5)))
        .with("bn.grad", "plain"));
    l.add(c("BatchNormalization", "training mode [3,4,3,2] float32, shifted mean",
        in -> Nn.batchNormTraining(Elementwise.add(in.get(0), 3.0), in.get(1), in.get(2), in.get(3), in.get(4), 1e-5, 0.9).get(0),
        normal("x", FLOAT, 3, 4, 3, 2), uniform("gamma", FLOAT, 0.5, 1.5, 4), normal("beta", FLOAT, 4),
        fixed("mean", TensorData.floats(Shape.of(4), 0, 0, 0, 0)), fixed("var", TensorData.floats(Shape.of(4), 1, 1, 1, 1))));
    l.add(c("BatchNormalization", "inference mode [2,3,4,4], stats differentiated",
        in -> Nn.batchNormInference(in.get(0), in.get(1), in.get(2), in.get(3), in.get(4), 1e-5),
        normal("x", t, 2, 3, 4, 4), uniform("gamma", t, 0.5, 1.5, 3), normal("beta", t, 3), normal("mean", t, 3),
        uniform("var", t, 0.5, 2, 3)));
    l.add(c("LayerNorm", "[2,3,8] decomposed, custom backward",
        in -> Nn.layerNormDecomposed(in.get(0), in.get(1), in.get(2), 1e-6),
        normal("x", DOUBLE, 2, 3, 8), normal("g", DOUBLE, 8), normal("b", DOUBLE, 8)));
    l.add(c("LayerNorm", "[5,4] decomposed, custom backward",
        in -> Nn.layerNormDecomposed(in.get(0), in.get(1), in.get(2), 1e-5),
        normal("x", DOUBLE, 5, 4), normal("g", DOUBLE, 4), normal("b", DOUBLE, 4)));
    l.add(c("LayerNormalization", "[2,3,8] axis -1",
        in -> Nn.layerNorm(in.get(0), in.get(1), in.get(2), -1, 1e-6),
        normal("x", t, 2, 3, 8), uniform("gamma", t, 0.5, 1.5, 8), normal("beta", t, 8)));
    l.add(c("LayerNormalization", "[2,3,4] axis 1",
        in -> Nn.layerNorm(in.get(0), in.get(1), in.get(2), 1, 1e-5),
        normal("x", t, 2, 3, 4), uniform("gamma", t, 0.5, 1.5, 3, 4), normal("beta", t, 3, 4)));
  }
}
