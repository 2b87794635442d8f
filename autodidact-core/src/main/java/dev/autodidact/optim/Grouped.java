package dev.autodidact.optim;

import static dev.autodidact.onnx.Elementwise.mul;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parameter groups with their own learning-rate factor (PyTorch's param groups with {@code lr_scale}):
 * each group is updated by {@code inner} at {@code lr × scale}. Gradient clipping is done here, once,
 * over all gradients (as {@code clip_grad_norm_} over the whole model), so {@code inner} must not clip.
 * State names are the inner optimizer's, so they do not depend on the grouping.
 *
 * @param inner the per-group update (without clipping)
 * @param scales LR factor by parameter name; a parameter not listed has factor 1
 * @param clipGradNorm global clipping norm, or null
 */
public record Grouped(Optimizer inner, Map<String, Double> scales, Double clipGradNorm) implements Optimizer {
  public Grouped {
    scales = Map.copyOf(scales);
  }

  @Override
  public boolean decays(Tensor param) {
    return inner.decays(param);
  }

  @Override
  public List<StateSpec> stateSpecs(List<Slot> slots) {
    List<StateSpec> r = new ArrayList<>();
    groups(slots).values().forEach(g -> r.addAll(inner.stateSpecs(g)));
    return r;
  }

  @Override
  public OptimizerStep apply(Graph g, List<Slot> slots, Tensor lr, Tensor step) {
    Tensor norm = GradNorm.global(slots.stream().map(Slot::grad).toList());
    Tensor clip = clipGradNorm == null ? null : GradNorm.clipScale(norm, clipGradNorm);
    Map<String, Tensor> params = new LinkedHashMap<>();
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (Map.Entry<Double, List<Slot>> e : groups(slots).entrySet()) {
      List<Slot> group = e.getValue();
      if (clip != null) {
        group = group.stream().map(s -> new Slot(s.name(), s.param(), mul(s.grad(), clip), s.decay())).toList();
      }
      Tensor groupLr = e.getKey() == 1.0 ? lr : mul(lr, e.getKey());
      OptimizerStep os = inner.apply(g, group, groupLr, step);
      params.putAll(os.params());
      state.putAll(os.state());
    }
    Map<String, Tensor> ordered = new LinkedHashMap<>();
    slots.forEach(s -> ordered.put(s.name(), params.get(s.name())));
    return new OptimizerStep(ordered, state, norm);
  }

  /** Slots by LR factor, largest first (the head's group), each in the caller's order. */
  private Map<Double, List<Slot>> groups(List<Slot> slots) {
    Map<Double, List<Slot>> r = new TreeMap<>(java.util.Comparator.reverseOrder());
    for (Slot s : slots) {
      r.computeIfAbsent(scales.getOrDefault(s.name(), 1.0), k -> new ArrayList<>()).add(s);
    }
    return r;
  }
}
