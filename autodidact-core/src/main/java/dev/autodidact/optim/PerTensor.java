package dev.autodidact.optim;

import static dev.autodidact.onnx.Elementwise.mul;

import dev.autodidact.onnx.BuildOption;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an {@link UpdateRule} tensor by tensor, the layout PyTorch uses: state inputs
 * {@code opt.<moment>.<param>} shaped like each parameter. Simple and the reference for {@link Flat}.
 * {@code clipGradNorm} null means no clipping.
 *
 * <p>Parameters of at most {@code groupBelow} elements (biases, norm weights, tokens) are updated
 * together: flattened and concatenated per decay flag, one chain of update ops, split back to their
 * own state outputs — same names, shapes and arithmetic, element for element. An update chain is ~12
 * nodes, and a ViT has ~130 such small tensors: ORT spends more on running those ~1,500 tiny nodes than
 * on their arithmetic (docs/performance.md). 0 updates every tensor on its own.
 */
public record PerTensor(UpdateRule rule, Double clipGradNorm, long groupBelow) implements Optimizer {
  /** Largest parameter (elements) updated in the shared chain by default: 16K floats, 64 KiB. */
  public static final long DEFAULT_GROUP_BELOW = Long.parseLong(BuildOption.OPTIM_GROUP_BELOW.defaultValue());

  public PerTensor {
    if (groupBelow < 0) {
      throw new IllegalArgumentException("groupBelow must be >= 0, got " + groupBelow);
    }
  }

  /** Every tensor updated on its own. */
  public PerTensor(UpdateRule rule, Double clipGradNorm) {
    this(rule, clipGradNorm, 0);
  }

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
      // Small tensors in up to two groups (decayed or not), each flattened and concatenated once.
      List<List<Integer>> groups = new ArrayList<>();
      List<Integer> alone = new ArrayList<>();
      for (boolean decay : new boolean[] {true, false}) {
        List<Integer> grp = new ArrayList<>();
        for (int i = 0; i < slots.size(); i++) {
          Slot s = slots.get(i);
          if (s.decay() == decay && s.param().shape().isStatic() && s.param().shape().numel() <= groupBelow) {
            grp.add(i);
          }
        }
        if (grp.size() >= 2) {
          groups.add(grp);
        }
      }
      java.util.Set<Integer> grouped = new java.util.HashSet<>();
      groups.forEach(grouped::addAll);
      for (int i = 0; i < slots.size(); i++) {
        if (!grouped.contains(i)) {
          alone.add(i);
        }
      }
      List<Tensor> groupGrads = new ArrayList<>();
      for (List<Integer> grp : groups) {
        groupGrads.add(FlatLayout.concatFlat(grp.stream().map(i -> slots.get(i).grad()).toList()));
      }
      List<Tensor> normParts = new ArrayList<>(alone.stream().map(i -> slots.get(i).grad()).toList());
      normParts.addAll(groupGrads);
      Tensor norm = GradNorm.global(normParts);
      Tensor scale = clipGradNorm == null ? null : GradNorm.clipScale(norm, clipGradNorm);
      UpdateRule.Updater u = rule.prepare(lr, step);
      Map<String, Tensor> params = new LinkedHashMap<>();
      Map<String, Tensor> state = new LinkedHashMap<>();
      for (int i : alone) {
        Slot s = slots.get(i);
        List<Tensor> ms = new ArrayList<>();
        for (String m : rule.moments()) {
          ms.add(stateIn.get(stateName(m, s.name())));
        }
        Tensor grad = scale == null ? s.grad() : mul(s.grad(), scale);
        UpdateRule.Updated r = u.update(s.param(), grad, ms, s.decay());
        params.put(s.name(), r.param());
        for (int k = 0; k < ms.size(); k++) {
          state.put(stateName(rule.moments().get(k), s.name()), r.moments().get(k));
        }
      }
      for (int gi = 0; gi < groups.size(); gi++) {
        List<Slot> ss = groups.get(gi).stream().map(slots::get).toList();
        List<Tensor> ms = new ArrayList<>();
        for (String m : rule.moments()) {
          ms.add(FlatLayout.concatFlat(ss.stream().map(s -> stateIn.get(stateName(m, s.name()))).toList()));
        }
        Tensor grad = scale == null ? groupGrads.get(gi) : mul(groupGrads.get(gi), scale);
        UpdateRule.Updated r = u.update(FlatLayout.concatFlat(ss.stream().map(Slot::param).toList()), grad, ms, ss.get(0).decay());
        List<Shape> shapes = ss.stream().map(sl -> sl.param().shape()).toList();
        List<Tensor> newParams = FlatLayout.splitFlat(r.param(), shapes);
        for (int j = 0; j < ss.size(); j++) {
          params.put(ss.get(j).name(), newParams.get(j));
        }
        for (int k = 0; k < ms.size(); k++) {
          List<Tensor> parts = FlatLayout.splitFlat(r.moments().get(k), shapes);
          for (int j = 0; j < ss.size(); j++) {
            state.put(stateName(rule.moments().get(k), ss.get(j).name()), parts.get(j));
          }
        }
      }
      // Report in the caller's slot and state order, as the per-tensor loop would.
      Map<String, Tensor> orderedParams = new LinkedHashMap<>();
      slots.forEach(s -> orderedParams.put(s.name(), params.get(s.name())));
      Map<String, Tensor> orderedState = new LinkedHashMap<>();
      stateIn.keySet().forEach(name -> orderedState.put(name, state.get(name)));
      return new OptimizerStep(orderedParams, orderedState, norm);
    }
  }
}
