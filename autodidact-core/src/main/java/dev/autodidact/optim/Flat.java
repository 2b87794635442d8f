package dev.autodidact.optim;

import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.sqrt;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.Reduce.reduceSumSquare;
import static dev.autodidact.onnx.ShapeOps.concat;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies an {@link UpdateRule} once per segment of a {@link FlatLayout}: parameters and gradients are
 * concatenated into one vector per segment (decayed / not decayed), the update runs over it, and the new
 * parameters are split back. Moments stay flat: state inputs {@code opt.flat.<segment>.<moment>} of shape
 * {@code [P_segment]}, so a step has two state tensors per moment instead of one per parameter and a
 * dozen elementwise ops instead of a dozen per parameter. Same arithmetic as {@link PerTensor}, element
 * for element (the global norm is summed in a different order). {@code clipGradNorm} null means no
 * clipping.
 */
public record Flat(UpdateRule rule, Double clipGradNorm) implements Optimizer {

  @Override
  public boolean decays(Tensor param) {
    return rule.decays(param);
  }

  @Override
  public List<StateSpec> stateSpecs(List<Slot> slots) {
    List<StateSpec> r = new ArrayList<>();
    DType t = slots.get(0).param().dtype();
    for (String m : rule.moments()) {
      for (FlatLayout.Segment s : FlatLayout.of(slots).segments()) {
        r.add(new StateSpec(FlatLayout.stateName(m, s.name()), t, Shape.of(s.size())));
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
    FlatLayout layout = FlatLayout.of(slots);
    Map<String, Slot> byName = new LinkedHashMap<>();
    slots.forEach(s -> byName.put(s.name(), s));
    try (var scope = g.scope("optim")) {
      List<Tensor> flatParams = new ArrayList<>();
      List<Tensor> flatGrads = new ArrayList<>();
      List<Tensor> sumSquares = new ArrayList<>();
      for (FlatLayout.Segment seg : layout.segments()) {
        List<Slot> ss = seg.entries().stream().map(e -> byName.get(e.name())).toList();
        flatParams.add(FlatLayout.concatFlat(ss.stream().map(Slot::param).toList()));
        Tensor fg = FlatLayout.concatFlat(ss.stream().map(Slot::grad).toList());
        flatGrads.add(fg);
        sumSquares.add(reduceSumSquare(fg, true));
      }
      Tensor norm = sqrt(reduceSum(sumSquares.size() == 1 ? sumSquares.get(0) : concat(0, sumSquares), false));
      Tensor scale = clipGradNorm == null ? null : GradNorm.clipScale(norm, clipGradNorm);
      UpdateRule.Updater u = rule.prepare(lr, step);
      Map<String, Tensor> params = new LinkedHashMap<>();
      Map<String, Tensor> state = new LinkedHashMap<>();
      for (int i = 0; i < layout.segments().size(); i++) {
        FlatLayout.Segment seg = layout.segments().get(i);
        Tensor grad = scale == null ? flatGrads.get(i) : mul(flatGrads.get(i), scale);
        List<Tensor> ms = new ArrayList<>();
        for (String m : rule.moments()) {
          ms.add(stateIn.get(FlatLayout.stateName(m, seg.name())));
        }
        UpdateRule.Updated r = u.update(flatParams.get(i), grad, ms, seg.decay());
        for (int k = 0; k < ms.size(); k++) {
          state.put(FlatLayout.stateName(rule.moments().get(k), seg.name()), r.moments().get(k));
        }
        unflatten(r.param(), seg, params);
      }
      // Report parameters in the caller's slot order, not segment order.
      Map<String, Tensor> ordered = new LinkedHashMap<>();
      slots.forEach(s -> ordered.put(s.name(), params.get(s.name())));
      return new OptimizerStep(ordered, state, norm);
    }
  }

  private static void unflatten(Tensor flat, FlatLayout.Segment seg, Map<String, Tensor> out) {
    List<FlatLayout.Entry> es = seg.entries();
    List<Tensor> parts = FlatLayout.splitFlat(flat, es.stream().map(FlatLayout.Entry::shape).toList());
    for (int k = 0; k < es.size(); k++) {
      out.put(es.get(k).name(), parts.get(k));
    }
  }
}
