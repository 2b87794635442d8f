package dev.autodidact.nn;

/**
 * How a parameter's initial value is drawn. Fans come from the shape, PyTorch style: for
 * {@code [out, in, k...]} fan_in = in·∏k and fan_out = out·∏k.
 */
public sealed interface Init {
  /** Every element equal to {@code value} (BN/LN γ = 1, β = 0, running stats). */
  record Constant(double value) implements Init {}

  /** N(0, std²) (cls/mask tokens: std 0.02). */
  record Normal(double std) implements Init {
    public Normal {
      if (!(std > 0)) {
        throw new IllegalArgumentException("Normal init needs std > 0, got " + std);
      }
    }
  }

  /** U(−bound, bound). PyTorch's default Linear init is this with bound 1/√fan_in for weight and bias. */
  record Uniform(double bound) implements Init {
    public Uniform {
      if (!(bound > 0)) {
        throw new IllegalArgumentException("Uniform init needs bound > 0, got " + bound);
      }
    }
  }

  /** kaiming_normal_(mode="fan_out", nonlinearity="relu"): N(0, 2/fan_out), torchvision's conv init. */
  record KaimingNormalFanOut() implements Init {}

  /** xavier_uniform_: U(±√(6/(fan_in + fan_out))), MAE's Linear init. */
  record XavierUniform() implements Init {}

  /** All zeros. */
  static Init zeros() {
    return new Constant(0);
  }

  /** All ones. */
  static Init ones() {
    return new Constant(1);
  }

  /**
   * PyTorch's default {@code nn.Linear} init for weight and bias alike: kaiming_uniform(a=√5) on the
   * weight reduces to U(±1/√fan_in), and the bias uses the same bound.
   */
  static Init torchLinear(long fanIn) {
    return new Uniform(1.0 / Math.sqrt(fanIn));
  }
}
