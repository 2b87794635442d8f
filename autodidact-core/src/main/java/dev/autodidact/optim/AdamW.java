package dev.autodidact.optim;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.pow;
import static dev.autodidact.onnx.Elementwise.rsub;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Elementwise.sub;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import java.util.List;

/**
 * {@code torch.optim.AdamW}: {@code p *= 1 − lr·wd} (decayed params only);
 * {@code m = β1·m + (1−β1)·g}; {@code v = β2·v + (1−β2)·g²};
 * {@code p −= (lr/(1−β1^t)) · m / (sqrt(v)/sqrt(1−β2^t) + eps)} with {@code t} the {@code step} input.
 * The scalar factors are computed once per step in the graph.
 */
public record AdamW(double beta1, double beta2, double eps, double weightDecay) implements UpdateRule {
  public AdamW {
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && eps >= 0 && weightDecay >= 0)) {
      throw new IllegalArgumentException("AdamW needs 0 <= beta < 1, eps >= 0, weight_decay >= 0");
    }
  }

  @Override
  public List<String> moments() {
    return List.of("exp_avg", "exp_avg_sq");
  }

  /** Biases and norm weights (rank ≤ 1) are not decayed; everything else, tokens included, is. */
  @Override
  public boolean decays(Tensor param) {
    return param.rank() > 1;
  }

  @Override
  public Updater prepare(Tensor lr, Tensor step) {
    Graph g = lr.graph();
    Tensor bc1 = rsub(1.0, pow(g.scalar(beta1, step.dtype()), step));
    Tensor bc2Sqrt = sqrt(rsub(1.0, pow(g.scalar(beta2, step.dtype()), step)));
    Tensor stepSize = div(lr, bc1);
    Tensor decayFactor = weightDecay == 0 ? null : rsub(1.0, mul(lr, weightDecay));
    return (p, grad, ms, decay) -> {
      Tensor p0 = decay && decayFactor != null ? mul(p, decayFactor) : p;
      Tensor m = add(mul(ms.get(0), beta1), mul(grad, 1 - beta1));
      Tensor v = add(mul(ms.get(1), beta2), mul(mul(grad, grad), 1 - beta2));
      Tensor denom = add(div(sqrt(v), bc2Sqrt), eps);
      Tensor np = sub(p0, mul(div(m, denom), stepSize));
      return new Updated(np, List.of(m, v));
    };
  }
}
