package dev.autodidact.optim;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an {@link UpdateRule} tensor by tensor, the layout PyTorch uses: state inputs
 * {@code opt.<moment>.<param>} shaped like each parameter. Simple and the reference for {@link Flat}.
 * {@code clipGradNorm} null means no clipping.
 */
public record PerTensor(UpdateRule rule, Double clipGradNorm) implements Optimizer {

  /** The state input name of {@code moment} for parameter {@code param}. */
  public static String stateName(String moment, String param) {
    return "opt." + moment + "." + param;
  }

  @Override
  public boolean decays(Tensor param) {
    return rule.decays(param);
  }

  @Override
  public List<StateSpec> stateSpecs(List<Slot> slots) {
    List<StateSpec> r = new ArrayList<>();
    for (String m : rule.moments()) {
      for (Slot s : slots) {
        r.add(new StateSpec(stateName(m, s.name()), s.param().dtype(), s.param().shape()));
      }
    }
    return r;
  }

  @Override
  public OptimizerStep apply(Graph g, List<Slot> slots, Tensor lr, Tensor step) {
    Map<String, Tensor> stateIn = new LinkedHashMap<>();
    for (StateSpec s : stateSpecs(slots)) {
      stateIn.put(s.name(), g.input(s.name(), s.dtype(), s.shape()));
    }
    try (var scope = g.scope("optim")) {
      List<Tensor> grads = slots.stream().map(Slot::grad).toList();
      Tensor norm = GradNorm.global(grads);
      grads = GradNorm.scaled(grads, clipGradNorm == null ? null : GradNorm.clipScale(norm, clipGradNorm));
      UpdateRule.Updater u = rule.prepare(lr, step);
      Map<String, Tensor> params = new LinkedHashMap<>();
      Map<String, Tensor> state = new LinkedHashMap<>();
      for (int i = 0; i < slots.size(); i++) {
        Slot s = slots.get(i);
        List<Tensor> ms = new ArrayList<>();
        for (String m : rule.moments()) {
          ms.add(stateIn.get(stateName(m, s.name())));
        }
        UpdateRule.Updated r = u.update(s.param(), grads.get(i), ms, s.decay());
        params.put(s.name(), r.param());
        for (int k = 0; k < ms.size(); k++) {
          state.put(stateName(rule.moments().get(k), s.name()), r.moments().get(k));
        }
      }
      return new OptimizerStep(params, state, norm);
    }
  }
}
