package dev.autodidact.nn;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Deterministic initial values for a model's state. Each tensor draws from its own generator seeded by
 * (seed, name), so adding or reordering layers does not change the values of the others, and a run is
 * reproducible on any JDK (Gaussians come from our own Box–Muller, not the JDK's algorithm).
 */
public final class Initializer {
  private final long seed;

  public Initializer(long seed) {
    this.seed = seed;
  }

  /** Initial values of {@code specs} by name, in the same order. */
  public Map<String, TensorData> values(List<ParamSpec> specs, DType dtype) {
    Map<String, TensorData> out = new LinkedHashMap<>();
    for (ParamSpec s : specs) {
      out.put(s.name(), value(s, dtype));
    }
    return out;
  }

  /** The initial value of one tensor. */
  public TensorData value(ParamSpec spec, DType dtype) {
    Shape shape = spec.shape();
    double[] v = new double[Math.toIntExact(shape.numel())];
    SplittableRandom rng = new SplittableRandom(mix(seed, spec.name()));
    // Java 17: no pattern matching for switch yet, so an instanceof chain over the sealed interface.
    Init init = spec.init();
    if (init instanceof Init.Constant c) {
      java.util.Arrays.fill(v, c.value());
    } else if (init instanceof Init.Normal n) {
      fillNormal(rng, v, n.std());
    } else if (init instanceof Init.Uniform u) {
      fillUniform(rng, v, u.bound());
    } else if (init instanceof Init.KaimingNormalFanOut) {
      fillNormal(rng, v, Math.sqrt(2.0 / fanOut(spec)));
    } else if (init instanceof Init.XavierUniform) {
      fillUniform(rng, v, Math.sqrt(6.0 / (fanIn(spec) + fanOut(spec))));
    } else {
      throw new IllegalStateException("unknown init " + init);
    }
    return TensorData.fromDoubles(dtype, shape, v);
  }

  /** fan_in = dim 1 × receptive field (PyTorch's _calculate_fan_in_and_fan_out). */
  static long fanIn(ParamSpec s) {
    requireMatrix(s);
    return s.shape().dim(1) * receptive(s.shape());
  }

  /** fan_out = dim 0 × receptive field. */
  static long fanOut(ParamSpec s) {
    requireMatrix(s);
    return s.shape().dim(0) * receptive(s.shape());
  }

  private static void requireMatrix(ParamSpec s) {
    if (s.shape().rank() < 2) {
      throw new IllegalArgumentException("fan of " + s.name() + " needs rank >= 2, got " + s.shape());
    }
  }

  private static long receptive(Shape s) {
    long r = 1;
    for (int i = 2; i < s.rank(); i++) {
      r *= s.dim(i);
    }
    return r;
  }

  private static void fillNormal(SplittableRandom rng, double[] v, double std) {
    for (int i = 0; i < v.length; i += 2) {
      // Box–Muller: two independent N(0,1) per pair of uniforms; 1 − u keeps the log argument in (0, 1].
      double r = Math.sqrt(-2.0 * Math.log(1.0 - rng.nextDouble()));
      double th = 2.0 * Math.PI * rng.nextDouble();
      v[i] = std * r * Math.cos(th);
      if (i + 1 < v.length) {
        v[i + 1] = std * r * Math.sin(th);
      }
    }
  }

  private static void fillUniform(SplittableRandom rng, double[] v, double bound) {
    for (int i = 0; i < v.length; i++) {
      v[i] = (2.0 * rng.nextDouble() - 1.0) * bound;
    }
  }

  /** A 64-bit seed from (seed, name): FNV-1a over the name's UTF-8 bytes, then a splitmix finalizer. */
  static long mix(long seed, String name) {
    long h = 0xcbf29ce484222325L ^ seed;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    return h ^ (h >>> 33);
  }
}
