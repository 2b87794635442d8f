package dev.autodidact.bench;

import dev.autodidact.UserInputException;
import static dev.autodidact.onnx.DType.FLOAT;

import dev.autodidact.autodiff.Gradients;
import dev.autodidact.onnx.ConvSpec;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The building blocks of the benchmark as forward + backward graphs: the block's output {@code y} and
 * the gradients of {@code Σ y·gy} (gy a graph input) with respect to its parameters and, unless it is a
 * stem, its input. tools/bench/torch_blocks.py builds the same blocks in PyTorch from the same
 * parameters.
 */
public final class Blocks {
  private Blocks() {}

  /** A named block configuration; {@code params} is what both sides build from. */
  public record Spec(String name, Map<String, Object> params) {
    long l(String k) {
      return ((Number) params.get(k)).longValue();
    }

    boolean b(String k) {
      return (Boolean) params.get(k);
    }

    String s(String k, String dflt) {
      Object v = params.get(k);
      return v == null ? dflt : v.toString();
    }
  }

  /** Conv (no bias) [+ BatchNorm training] [+ ReLU] on [n, cin, h, h], kernel k, stride s, pad k/2. */
  public static Spec conv(String name, long n, long cin, long cout, long h, long k, long s, boolean bn, boolean relu,
      boolean dx) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("kind", "conv");
    p.put("n", n);
    p.put("cin", cin);
    p.put("cout", cout);
    p.put("h", h);
    p.put("k", k);
    p.put("s", s);
    p.put("bn", bn);
    p.put("relu", relu);
    p.put("dx", dx);
    return new Spec(name, p);
  }

  /** A pre-norm ViT block (timm): LN, MHSA, residual, LN, GELU MLP, residual, on [n, t, d]. */
  public static Spec vit(String name, long n, long t, long d, long heads, long mlp) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("kind", "vit");
    p.put("n", n);
    p.put("t", t);
    p.put("d", d);
    p.put("heads", heads);
    p.put("mlp", mlp);
    return new Spec(name, p);
  }

  /**
   * The standard set, with {@code convRows} rows for the ResNet blocks and {@code vitRows} samples for
   * the ViT blocks. MAE on 32×32 with patch 4 has 64 patches; 75% masking keeps 16 (+ cls = 17 tokens)
   * in the encoder, the decoder sees all 64 + cls = 65.
   */
  public static List<Spec> standard(long convRows, long vitRows) {
    long n = convRows;
    List<Spec> l = new ArrayList<>();
    l.add(conv("r18.stem k3 3->64 @32", n, 3, 64, 32, 3, 1, true, true, false));
    l.add(conv("r18.conv k3 64->64 @32", n, 64, 64, 32, 3, 1, false, false, true));
    l.add(conv("r18.cbr k3 64->64 @32", n, 64, 64, 32, 3, 1, true, true, true));
    l.add(conv("r18.conv k3 s2 64->128 @32", n, 64, 128, 32, 3, 2, false, false, true));
    l.add(conv("r18.short k1 s2 64->128 @32", n, 64, 128, 32, 1, 2, false, false, true));
    l.add(conv("r18.cbr k3 128->128 @16", n, 128, 128, 16, 3, 1, true, true, true));
    l.add(conv("r18.cbr k3 256->256 @8", n, 256, 256, 8, 3, 1, true, true, true));
    l.add(conv("r18.cbr k3 512->512 @4", n, 512, 512, 4, 3, 1, true, true, true));
    l.add(conv("small.cbr k3 32->32 @28", n, 32, 32, 28, 3, 1, true, true, true));
    l.add(conv("small.cbr k3 s2 32->64 @28", n, 32, 64, 28, 3, 2, true, true, true));
    l.add(conv("small.cbr k3 64->64 @14", n, 64, 64, 14, 3, 1, true, true, true));
    l.add(conv("small.conv k3 64->64 @14", n, 64, 64, 14, 3, 1, false, false, true));
    l.add(conv("small.cbr k3 128->128 @7", n, 128, 128, 7, 3, 1, true, true, true));
    l.add(conv("small.cbr k3 256->256 @4", n, 256, 256, 4, 3, 1, true, true, true));
    l.add(vit("vit.enc d192 h3 t17", vitRows, 17, 192, 3, 768));
    l.add(vit("mae.dec d128 h4 t65", vitRows, 65, 128, 4, 512));
    return l;
  }

  /** A built block: the graph with its outputs set, and which inputs are parameters (for seeding). */
  public record Built(Graph graph, List<String> outputNames) {}

  public static Built build(Spec spec) {
    return build(spec, Map.of());
  }

  /** Builds with graph build options ({@link dev.autodidact.onnx.BuildOption}; unknown keys or values are refused). */
  public static Built build(Spec spec, Map<String, String> options) {
    return switch ((String) spec.params().get("kind")) {
      case "conv" -> buildConv(spec, options);
      case "vit" -> buildVit(spec, options);
      default -> throw new UserInputException("unknown block kind in " + spec);
    };
  }

  private static Built finish(Graph g, Tensor y, List<Tensor> wrt) {
    Tensor gy = g.input("gy", y.dtype(), y.shape());
    Map<Tensor, Tensor> grads = Gradients.vjp(y, gy, wrt);
    List<String> outs = new ArrayList<>();
    outs.add(g.output("y", y).name());
    for (Tensor w : wrt) {
      outs.add(g.output("grad." + w.name(), grads.get(w)).name());
    }
    return new Built(g, outs);
  }

  private static Built buildConv(Spec s, Map<String, String> options) {
    Graph g = new Graph("bench_conv", options);
    long n = s.l("n");
    long cin = s.l("cin");
    long cout = s.l("cout");
    long h = s.l("h");
    long k = s.l("k");
    Tensor x = g.input("x", FLOAT, Shape.of(n, cin, h, h));
    Tensor w = g.input("conv.w", FLOAT, Shape.of(cout, cin, k, k));
    List<Tensor> wrt = new ArrayList<>();
    if (s.b("dx")) {
      wrt.add(x);
    }
    wrt.add(w);
    Tensor y = dev.autodidact.onnx.ConvGemm.conv2d(x, w, (int) s.l("s"), (int) (k / 2));
    if (s.b("bn")) {
      Tensor gamma = g.input("bn.gamma", FLOAT, Shape.of(cout));
      Tensor beta = g.input("bn.beta", FLOAT, Shape.of(cout));
      Tensor mean = g.input("bn.mean", FLOAT, Shape.of(cout));
      Tensor var = g.input("bn.var", FLOAT, Shape.of(cout));
      wrt.add(gamma);
      wrt.add(beta);
      y = Nn.batchNormTraining(y, gamma, beta, mean, var, 1e-5, 0.9).get(0);
    }
    if (s.b("relu")) {
      y = Elementwise.relu(y);
    }
    return finish(g, y, wrt);
  }

  /** x·W + b with W [in, out] on [.., in]: MatMul + Add, or (layout "gemm") Gemm on 2-D rows with W [out, in]. */
  private static Tensor linear(Graph g, String name, Tensor x, long in, long out, List<Tensor> wrt, String layout) {
    Tensor b = g.input(name + ".b", FLOAT, Shape.of(out));
    if (layout.equals("gemm")) {
      Tensor w = g.input(name + ".w", FLOAT, Shape.of(out, in));
      wrt.add(w);
      wrt.add(b);
      long[] dims = x.shape().dims();
      Tensor rows = ShapeOps.reshape(x, -1, in);
      Tensor y = Linalg.gemm(rows, w, b, 1, 1, false, true);
      dims[dims.length - 1] = out;
      return ShapeOps.reshape(y, Shape.of(dims));
    }
    Tensor w = g.input(name + ".w", FLOAT, Shape.of(in, out));
    wrt.add(w);
    wrt.add(b);
    return Elementwise.add(Linalg.matMul(x, w), b);
  }

  private static Built buildVit(Spec s, Map<String, String> options) {
    Graph g = new Graph("bench_vit", options);
    long n = s.l("n");
    long t = s.l("t");
    long d = s.l("d");
    long heads = s.l("heads");
    long mlp = s.l("mlp");
    long dh = d / heads;
    String layout = s.s("linear", "matmul");
    Tensor x = g.input("x", FLOAT, Shape.of(n, t, d));
    List<Tensor> wrt = new ArrayList<>();
    wrt.add(x);
    Tensor ln1g = g.input("ln1.g", FLOAT, Shape.of(d));
    Tensor ln1b = g.input("ln1.b", FLOAT, Shape.of(d));
    wrt.add(ln1g);
    wrt.add(ln1b);
    Tensor h1 = Nn.layerNorm(x, ln1g, ln1b, -1, 1e-6);
    Tensor qkv = linear(g, "qkv", h1, d, 3 * d, wrt, layout);
    qkv = ShapeOps.transpose(ShapeOps.reshape(qkv, n, t, 3, heads, dh), 2, 0, 3, 1, 4);
    List<Tensor> parts = ShapeOps.split(qkv, 0, 1, 1, 1);
    Tensor q = ShapeOps.squeeze(parts.get(0), 0);
    Tensor k = ShapeOps.squeeze(parts.get(1), 0);
    Tensor v = ShapeOps.squeeze(parts.get(2), 0);
    Tensor scores = Elementwise.mul(Linalg.matMul(q, ShapeOps.transpose(k, 0, 1, 3, 2)), 1.0 / Math.sqrt(dh));
    Tensor a = Reduce.softmax(scores, -1);
    Tensor o = ShapeOps.reshape(ShapeOps.transpose(Linalg.matMul(a, v), 0, 2, 1, 3), n, t, d);
    Tensor x1 = Elementwise.add(x, linear(g, "proj", o, d, d, wrt, layout));
    Tensor ln2g = g.input("ln2.g", FLOAT, Shape.of(d));
    Tensor ln2b = g.input("ln2.b", FLOAT, Shape.of(d));
    wrt.add(ln2g);
    wrt.add(ln2b);
    Tensor h2 = Nn.layerNorm(x1, ln2g, ln2b, -1, 1e-6);
    Tensor m = Elementwise.gelu(linear(g, "fc1", h2, d, mlp, wrt, layout));
    Tensor x2 = Elementwise.add(x1, linear(g, "fc2", m, mlp, d, wrt, layout));
    return finish(g, x2, wrt);
  }
}
