package dev.autodidact.optim;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.sub;

import dev.autodidact.onnx.Tensor;
import java.util.List;

/**
 * {@code torch.optim.SGD} with momentum, dampening 0, no Nesterov: {@code d = g + wd·p};
 * {@code buf = m·buf + d}; {@code p −= lr·buf}. With zero-initialized state the first step gives
 * {@code buf = d} exactly, as PyTorch's special case does. With momentum 0 there is no state.
 */
public record Sgd(double momentum, double weightDecay) implements UpdateRule {
  public Sgd {
    if (momentum < 0 || weightDecay < 0) {
      throw new IllegalArgumentException("SGD momentum and weight decay must be >= 0");
    }
  }

  @Override
  public List<String> moments() {
    return momentum == 0 ? List.of() : List.of("momentum");
  }

  /** The fixtures' convention (PyTorch's default): every parameter is decayed. */
  @Override
  public boolean decays(Tensor param) {
    return true;
  }

  @Override
  public Updater prepare(Tensor lr, Tensor step) {
    return (p, g, ms, decay) -> {
      Tensor d = decay && weightDecay != 0 ? add(g, mul(p, weightDecay)) : g;
      Tensor buf = momentum == 0 ? d : add(mul(ms.get(0), momentum), d);
      Tensor np = sub(p, mul(buf, lr));
      return new Updated(np, momentum == 0 ? List.of() : List.of(buf));
    };
  }
}
