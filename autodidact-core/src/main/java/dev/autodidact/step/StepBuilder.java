package dev.autodidact.step;

import dev.autodidact.onnx.BuildOption;
import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.method.Methods;
import dev.autodidact.method.TrainGraph;
import dev.autodidact.nn.Initializer;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Elementwise;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.optim.Optimizer;
import dev.autodidact.optim.OptimizerStep;
import dev.autodidact.optim.Optimizers;
import dev.autodidact.optim.PerTensor;
import dev.autodidact.optim.Slot;
import dev.autodidact.optim.StateSpec;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.StateSlot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Assembles a recipe's step graphs: the method's forward and loss, the gradients, the optimizer update,
 * and the diagnostics, with every piece of state as an input and its next value as an output.
 */
public final class StepBuilder {
  private StepBuilder() {}

  /** The training step: forward, loss, backward, update; initial state from {@code seed}. */
  public static StepProgram train(Recipe recipe, int batch, long seed) {
    return train(recipe, batch, seed, BuildOptions.DEFAULT);
  }

  /**
   * The training step with graph build options: how the step is built, not what it computes
   * ({@link BuildOption}: layer and gradient formulations, the optimizer's state layout).
   */
  public static StepProgram train(Recipe recipe, int batch, long seed, BuildOptions options) {
    Graph g = new Graph(recipe.name() + "-train_step", options);
    TrainGraph tg = method(recipe, new ModelBuilder(g, ModelBuilder.Mode.TRAIN), batch);
    Tensor lr = g.input(StepProgram.LR, DType.FLOAT, Shape.scalar());
    Tensor step = g.input(StepProgram.STEP, DType.FLOAT, Shape.scalar());
    Map<Tensor, Tensor> grads = tg.gradients();

    // Graph options for side-by-side benchmarks: optim.layout=flat, optim.group_below=N (0: no grouping).
    Optimizer opt = Optimizers.fromRecipe(recipe.optimizer(),
        g.option(BuildOption.OPTIM_LAYOUT).equals("flat"), Long.parseLong(g.option(BuildOption.OPTIM_GROUP_BELOW)));
    Map<String, Tensor> params = new LinkedHashMap<>();
    Map<String, Tensor> gradByName = new LinkedHashMap<>();
    for (int i = 0; i < tg.trainable().size(); i++) {
      Tensor p = tg.trainableTensors().get(i);
      params.put(tg.trainable().get(i).name(), p);
      gradByName.put(tg.trainable().get(i).name(), grads.get(p));
    }
    List<Slot> optSlots = opt.slots(params, gradByName);
    List<StateSpec> optState = opt.stateSpecs(optSlots);
    OptimizerStep os = opt.apply(g, optSlots, lr, step);

    g.output(StepProgram.LOSS, tg.loss());
    g.output(StepProgram.GRAD_NORM, os.gradNorm());
    // A non-finite gradient anywhere makes the global norm non-finite, so two checks cover the step.
    Tensor finite = Elementwise.and(Elementwise.not(Elementwise.nonFinite(tg.loss())),
        Elementwise.not(Elementwise.nonFinite(os.gradNorm())));
    g.output(StepProgram.NON_FINITE, Elementwise.cast(Elementwise.not(finite), DType.FLOAT));
    List<String> scalars = new ArrayList<>(List.of(StepProgram.LOSS, StepProgram.GRAD_NORM, StepProgram.NON_FINITE));
    tg.diagnostics().forEach((name, t) -> {
      g.output(name, t);
      scalars.add(name);
    });

    List<StateSlot> slots = new ArrayList<>();
    Set<String> trainable = new HashSet<>(params.keySet());
    for (ParamSpec spec : tg.model().specs()) {
      Tensor next = trainable.contains(spec.name()) ? os.params().get(spec.name()) : tg.bufferUpdates().get(spec.name());
      slots.add(stateSlot(g, spec.name(), next));
    }
    for (StateSpec s : optState) {
      slots.add(stateSlot(g, s.name(), os.state().get(s.name())));
    }
    Map<String, TensorData> init = new LinkedHashMap<>(new Initializer(seed).values(tg.model().specs(), DType.FLOAT));
    optState.forEach(s -> init.put(s.name(), s.zeros()));
    List<FeedSpec> feeds = new ArrayList<>(feeds(tg));
    feeds.add(new FeedSpec(StepProgram.LR, DType.FLOAT, Shape.scalar()));
    feeds.add(new FeedSpec(StepProgram.STEP, DType.FLOAT, Shape.scalar()));
    return new StepProgram("train_step", recipe, batch, g.toModel(), slots, feeds, scalars, init, options);
  }

  /**
   * The evaluation graph: forward and loss with BatchNorm on running statistics and no update; every
   * state input is constant. Its loss is the validation loss of the recipe's objective.
   */
  public static StepProgram eval(Recipe recipe, int batch, Map<String, TensorData> state) {
    Graph g = new Graph(recipe.name() + "-eval");
    TrainGraph tg = method(recipe, new ModelBuilder(g, ModelBuilder.Mode.EVAL), batch);
    g.output(StepProgram.LOSS, tg.loss());
    List<String> scalars = new ArrayList<>(List.of(StepProgram.LOSS));
    tg.diagnostics().forEach((name, t) -> {
      g.output(name, t);
      scalars.add(name);
    });
    List<StateSlot> slots = new ArrayList<>();
    Map<String, TensorData> init = new LinkedHashMap<>();
    for (ParamSpec spec : tg.model().specs()) {
      slots.add(StateSlot.constant(spec.name()));
      TensorData v = state.get(spec.name());
      if (v == null) {
        throw new IllegalArgumentException("state has no tensor " + spec.name());
      }
      init.put(spec.name(), v);
    }
    return new StepProgram("eval", recipe, batch, g.toModel(), slots, feeds(tg), scalars, init, g.options());
  }

  private static StateSlot stateSlot(Graph g, String name, Tensor next) {
    if (next == null) {
      return StateSlot.constant(name);
    }
    g.output(StepProgram.NEXT + name, next);
    return new StateSlot(name, StepProgram.NEXT + name);
  }

  /** The method's forward graph on {@code mb}. */
  static TrainGraph method(Recipe recipe, ModelBuilder mb, int batch) {
    return Methods.of(recipe).build(recipe, mb, batch);
  }

  private static List<FeedSpec> feeds(TrainGraph tg) {
    List<FeedSpec> r = new ArrayList<>();
    tg.inputs().entrySet().stream().sorted(Map.Entry.comparingByKey())
        .forEach(e -> r.add(new FeedSpec(e.getKey(), e.getValue().dtype(), e.getValue().shape())));
    return r;
  }
}
