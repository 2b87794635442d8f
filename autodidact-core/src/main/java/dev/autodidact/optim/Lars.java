package dev.autodidact.optim;

import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.greater;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Elementwise.where;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LARS as in moco-v3: for decayed parameters (rank > 1 by default) {@code d = g + wd·p} scaled by the
 * trust ratio {@code q = trust·‖p‖/‖d‖} (1 when either norm is 0); other parameters use {@code d = g}.
 * Then {@code mu = m·mu + d; p −= lr·mu}. Per tensor only: the ratio needs each tensor's norms. State
 * inputs {@code opt.momentum.<param>}.
 */
public record Lars(double momentum, double weightDecay, double trustCoefficient, Double clipGradNorm)
    implements Optimizer {
  public Lars {
    if (momentum < 0 || weightDecay < 0 || trustCoefficient <= 0) {
      throw new IllegalArgumentException("LARS needs momentum >= 0, weight_decay >= 0, trust_coefficient > 0");
    }
  }

  @Override
  public boolean decays(Tensor param) {
    return param.rank() > 1;
  }

  @Override
  public List<StateSpec> stateSpecs(List<Slot> slots) {
    List<StateSpec> r = new ArrayList<>();
    for (Slot s : slots) {
      r.add(new StateSpec(PerTensor.stateName("momentum", s.name()), s.param().dtype(), s.param().shape()));
    }
    return r;
  }

  @Override
  public OptimizerStep apply(Graph g, List<Slot> slots, Tensor lr, Tensor step) {
    List<Tensor> mus = new ArrayList<>();
    for (StateSpec s : stateSpecs(slots)) {
      mus.add(g.input(s.name(), s.dtype(), s.shape()));
    }
    try (var scope = g.scope("optim")) {
      List<Tensor> grads = slots.stream().map(Slot::grad).toList();
      Tensor norm = GradNorm.global(grads);
      grads = GradNorm.scaled(grads, clipGradNorm == null ? null : GradNorm.clipScale(norm, clipGradNorm));
      Map<String, Tensor> params = new LinkedHashMap<>();
      Map<String, Tensor> state = new LinkedHashMap<>();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        Tensor d = s.decay() ? adapted(s.param(), grads.get(i)) : grads.get(i);
        Tensor mu = add(mul(mus.get(i), momentum), d);
        params.put(s.name(), sub(s.param(), mul(mu, lr)));
        state.put(PerTensor.stateName("momentum", s.name()), mu);
      }
      return new OptimizerStep(params, state, norm);
    }
  }

  private Tensor adapted(Tensor p, Tensor grad) {
    Tensor d = weightDecay == 0 ? grad : add(grad, mul(p, weightDecay));
    Tensor pn = sqrt(reduceSumSquare(p, false));
    Tensor dn = sqrt(reduceSumSquare(d, false));
    Tensor zero = p.graph().scalar(0, p.dtype());
    Tensor one = p.graph().scalar(1, p.dtype());
    // Where picks per element, so the ratio's 0/0 in the unused branch never reaches the result.
    Tensor ratio = div(mul(pn, trustCoefficient), dn);
    Tensor q = where(greater(pn, zero), where(greater(dn, zero), ratio, one), one);
    return mul(d, q);
  }
}
