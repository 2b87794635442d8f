package dev.autodidact.selfcheck;

import static dev.autodidact.onnx.DType.DOUBLE;
import static dev.autodidact.onnx.DType.FLOAT;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.onnx.ConvSpec;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Index;
import dev.autodidact.onnx.Linalg;
import dev.autodidact.onnx.Nn;
import dev.autodidact.onnx.Reduce;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.runtime.Device;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Gradient checks on shapes drawn at random (from fixed seeds, so a failure reproduces): broadcasting
 * patterns, odd spatial sizes, every stride/kernel/padding combination the fixed cases might miss.
 */
class RandomShapeGradTest {
  private static final int DRAWS = 6;

  static Stream<GradCase> cases() {
    List<GradCase> l = new ArrayList<>();
    for (int seed = 0; seed < DRAWS; seed++) {
      SplittableRandom r = new SplittableRandom(1000 + seed);
      l.add(broadcastBinary(r));
      l.add(matMul(r));
      l.addAll(OpCases.convFormulations(conv(r)));
      l.add(convTranspose(r));
      l.add(pool(r));
      l.add(reduceAndSoftmax(r));
      l.add(transposeGather(r));
    }
    return l.stream();
  }

  private static long[] dims(SplittableRandom r, int rank, int max) {
    long[] d = new long[rank];
    for (int i = 0; i < rank; i++) {
      d[i] = 1 + r.nextInt(max);
    }
    return d;
  }

  private static GradCase broadcastBinary(SplittableRandom r) {
    long[] a = dims(r, 1 + r.nextInt(4), 4);
    int rb = 1 + r.nextInt(a.length);
    long[] b = Arrays.copyOfRange(a, a.length - rb, a.length);
    for (int i = 0; i < b.length; i++) {
      if (r.nextInt(3) == 0) {
        b[i] = 1;
      }
    }
    boolean swap = r.nextBoolean();
    String op = List.of("Add", "Sub", "Mul", "Div").get(r.nextInt(4));
    long[] x = swap ? b : a;
    long[] y = swap ? a : b;
    InputSpec ya = op.equals("Div") ? InputSpec.uniform("b", DOUBLE, 0.5, 2, y) : InputSpec.normal("b", DOUBLE, y);
    return new GradCase(op, Arrays.toString(x) + " " + op + " " + Arrays.toString(y), List.of(InputSpec.normal("a", DOUBLE, x), ya),
        t -> switch (op) {
          case "Add" -> Elementwise.add(t.get(0), t.get(1));
          case "Sub" -> Elementwise.sub(t.get(0), t.get(1));
          case "Mul" -> Elementwise.mul(t.get(0), t.get(1));
          default -> Elementwise.div(t.get(0), t.get(1));
        });
  }

  private static GradCase matMul(SplittableRandom r) {
    long m = 1 + r.nextInt(4);
    long k = 1 + r.nextInt(4);
    long n = 1 + r.nextInt(4);
    long batch = 1 + r.nextInt(3);
    long[] a = r.nextBoolean() ? new long[] {batch, m, k} : new long[] {m, k};
    long[] b = r.nextBoolean() ? new long[] {batch, k, n} : new long[] {k, n};
    return new GradCase("MatMul", Arrays.toString(a) + "x" + Arrays.toString(b),
        List.of(InputSpec.normal("a", DOUBLE, a), InputSpec.normal("b", DOUBLE, b)), t -> Linalg.matMul(t.get(0), t.get(1)));
  }

  private static GradCase conv(SplittableRandom r) {
    long k = List.of(1L, 3L, 5L, 7L).get(r.nextInt(4));
    long s = 1 + r.nextInt(3);
    long p = r.nextInt((int) k / 2 + 1);
    long dil = k > 1 && r.nextInt(4) == 0 ? 2 : 1;
    long group = r.nextBoolean() ? 2 : 1;
    long cin = group * (1 + r.nextInt(2));
    long cout = group * (1 + r.nextInt(2));
    long h = dil * (k - 1) + 1 + r.nextInt(6);
    long w = dil * (k - 1) + 1 + r.nextInt(6);
    ConvSpec spec = ConvSpec.of2d(s, p).withDilations(dil, dil).withGroup(group);
    boolean bias = r.nextBoolean();
    List<InputSpec> in = new ArrayList<>(List.of(InputSpec.normal("x", FLOAT, 1 + r.nextInt(2), cin, h, w),
        InputSpec.normal("w", FLOAT, cout, cin / group, k, k)));
    if (bias) {
      in.add(InputSpec.normal("b", FLOAT, cout));
    }
    return new GradCase("Conv", "x " + in.get(0).shape() + " k" + k + " s" + s + " p" + p + " d" + dil + " g" + group, in,
        t -> Nn.conv(t.get(0), t.get(1), bias ? t.get(2) : null, spec));
  }

  private static GradCase convTranspose(SplittableRandom r) {
    long k = 1 + r.nextInt(4);
    long s = 1 + r.nextInt(3);
    long p = r.nextInt((int) k);
    long op = r.nextInt((int) s);
    long cin = 1 + r.nextInt(3);
    long cout = 1 + r.nextInt(3);
    long h = 2 + r.nextInt(4);
    ConvSpec spec = ConvSpec.of2d(s, p).withOutputPadding(op, op);
    return new GradCase("ConvTranspose", "x [" + cin + "," + h + "] k" + k + " s" + s + " p" + p + " op" + op,
        List.of(InputSpec.normal("x", FLOAT, 2, cin, h, h + 1), InputSpec.normal("w", FLOAT, cin, cout, k, k)),
        t -> Nn.convTranspose(t.get(0), t.get(1), null, spec));
  }

  private static GradCase pool(SplittableRandom r) {
    long k = 2 + r.nextInt(2);
    long s = 1 + r.nextInt(2);
    long p = r.nextInt((int) k / 2 + 1);
    long h = k + r.nextInt(5);
    long[] kernel = {k, k};
    ConvSpec spec = ConvSpec.of2d(s, p);
    boolean max = r.nextBoolean();
    boolean countPad = r.nextBoolean();
    return max
        ? new GradCase("MaxPool", "k" + k + " s" + s + " p" + p + " h" + h,
            List.of(InputSpec.distinct("x", FLOAT, 2, 2, h, h + 1)), t -> Nn.maxPool(t.get(0), kernel, spec))
        : new GradCase("AveragePool", "k" + k + " s" + s + " p" + p + " h" + h + " countPad " + countPad,
            List.of(InputSpec.normal("x", FLOAT, 2, 2, h, h + 1)), t -> Nn.averagePool(t.get(0), kernel, spec, countPad));
  }

  private static GradCase reduceAndSoftmax(SplittableRandom r) {
    long[] d = dims(r, 2 + r.nextInt(2), 4);
    long axis = r.nextInt(d.length) - (r.nextBoolean() ? d.length : 0);
    int kind = r.nextInt(4);
    String op = List.of("Softmax", "LogSoftmax", "ReduceMean", "ReduceSumSquare").get(kind);
    boolean keep = r.nextBoolean();
    return new GradCase(op, Arrays.toString(d) + " axis " + axis, List.of(InputSpec.normal("x", DOUBLE, d)), t -> switch (kind) {
      case 0 -> Reduce.softmax(t.get(0), axis);
      case 1 -> Reduce.logSoftmax(t.get(0), axis);
      case 2 -> Reduce.reduceMean(t.get(0), keep, axis);
      default -> Reduce.reduceSumSquare(t.get(0), false, axis);
    });
  }

  private static GradCase transposeGather(SplittableRandom r) {
    long[] d = dims(r, 3, 4);
    int axis = r.nextInt(3);
    long[] perm = {2, 0, 1};
    if (r.nextBoolean()) {
      perm = new long[] {1, 2, 0};
    }
    long[] p = perm;
    return new GradCase("Gather", Arrays.toString(d) + " axis " + axis + " after transpose " + Arrays.toString(p),
        List.of(InputSpec.normal("x", DOUBLE, d), InputSpec.indices("i", d[(int) p[axis]], 1 + r.nextInt(4))),
        t -> Index.gather(ShapeOps.transpose(t.get(0), p), t.get(1), axis));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void randomShapes(GradCase c) {
    CaseResult res = GradCheck.run(c, Device.CPU);
    assertTrue(res.pass(), () -> c + ": " + res);
  }
}
