package dev.autodidact.step;

import dev.autodidact.onnx.BuildOption;
import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.method.Classifier;
import dev.autodidact.method.Methods;
import dev.autodidact.method.OnlineProbe;
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
import dev.autodidact.optim.Grouped;
import dev.autodidact.optim.LrScales;
import dev.autodidact.optim.Optimizer;
import dev.autodidact.optim.OptimizerStep;
import dev.autodidact.optim.Optimizers;
import dev.autodidact.optim.PerTensor;
import dev.autodidact.optim.Slot;
import dev.autodidact.optim.StateSpec;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.StateSlot;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    return train(recipe, batch, seed, options, 1);
  }

  /**
   * The training step, accumulating gradients over {@code accumulate} micro-batches of {@code batch}
   * when it is above 1 (see {@link Accumulation}: the step then has the float scalar input
   * {@link StepProgram#APPLY}, 1 on the last micro-batch of an update).
   */
  public static StepProgram train(Recipe recipe, int batch, long seed, BuildOptions options, int accumulate) {
    return train(recipe, batch, seed, options, accumulate, 0);
  }

  /**
   * The pretraining step with the online linear probe ({@link OnlineProbe}) over {@code probeClasses}
   * classes: its inputs {@link OnlineProbe#LABELS} and {@link OnlineProbe#MASK}, its scalar outputs
   * (loss, correct and labelled rows of the batch), and its own parameters and optimizer state. Everything
   * the method computes is unchanged by it.
   */
  public static StepProgram trainWithProbe(Recipe recipe, int batch, long seed, BuildOptions options,
      int probeClasses) {
    return train(recipe, batch, seed, options, 1, probeClasses);
  }

  private static StepProgram train(Recipe recipe, int batch, long seed, BuildOptions options, int accumulate,
      int probeClasses) {
    if (accumulate < 1) {
      throw new IllegalArgumentException("accumulate must be >= 1, got " + accumulate);
    }
    Graph g = new Graph(recipe.name() + "-train_step", options);
    ModelBuilder.Mode mode = Methods.byName(recipe.method()) == Classifier.METHOD ? Classifier.stepMode(recipe.classifier())
        : ModelBuilder.Mode.TRAIN;
    TrainGraph tg = method(recipe, new ModelBuilder(g, mode), batch);
    Tensor lr = g.input(StepProgram.LR, DType.FLOAT, Shape.scalar());
    Tensor step = g.input(StepProgram.STEP, DType.FLOAT, Shape.scalar());
    Map<Tensor, Tensor> grads = tg.gradients();

    Map<String, Tensor> params = new LinkedHashMap<>();
    Map<String, Tensor> gradByName = new LinkedHashMap<>();
    for (int i = 0; i < tg.trainable().size(); i++) {
      Tensor p = tg.trainableTensors().get(i);
      params.put(tg.trainable().get(i).name(), p);
      gradByName.put(tg.trainable().get(i).name(), grads.get(p));
    }
    OnlineProbe.Built probe = null;
    if (probeClasses > 0) {
      Tensor features = Methods.of(recipe).probeFeatures(tg, batch); // [B, D]
      if (features == null || accumulate > 1) {
        throw new IllegalArgumentException("no online probe for method " + recipe.method()
            + (accumulate > 1 ? " with gradient accumulation" : ""));
      }
      probe = OnlineProbe.build(recipe, tg.model(), features, probeClasses, step);
    }
    Accumulation acc = accumulate > 1 ? new Accumulation(g, accumulate, gradByName) : null;
    if (acc != null) {
      gradByName = acc.effectiveGrads();
    }
    Optimizer opt = optimizer(recipe, g, new ArrayList<>(params.keySet()));
    List<Slot> optSlots = opt.slots(params, gradByName);
    List<StateSpec> optState = opt.stateSpecs(optSlots);
    OptimizerStep os = opt.apply(g, optSlots, lr, step);
    if (acc != null) {
      os = acc.gate(os, params, optState, g);
    }

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
    Map<String, Tensor> next = new LinkedHashMap<>(tg.bufferUpdates());
    next.putAll(os.params());
    next.putAll(os.state());
    List<StateSpec> allOptState = new ArrayList<>(optState);
    if (probe != null) {
      for (Map.Entry<String, Tensor> e : Map.of(OnlineProbe.LOSS, probe.loss(), OnlineProbe.CORRECT, probe.correct(),
          OnlineProbe.COUNT, probe.count()).entrySet()) {
        g.output(e.getKey(), e.getValue());
        scalars.add(e.getKey());
      }
      next.putAll(probe.update().params());
      next.putAll(probe.update().state());
      allOptState.addAll(probe.optState());
    }

    List<StateSlot> slots = new ArrayList<>();
    for (ParamSpec spec : tg.model().specs()) {
      slots.add(stateSlot(g, spec.name(), next.get(spec.name())));
    }
    for (StateSpec s : allOptState) {
      slots.add(stateSlot(g, s.name(), next.get(s.name())));
    }
    Map<String, TensorData> init = new LinkedHashMap<>(new Initializer(seed).values(tg.model().specs(), DType.FLOAT));
    allOptState.forEach(s -> init.put(s.name(), s.zeros()));
    if (acc != null) {
      for (StateSpec s : acc.stateSpecs()) {
        slots.add(stateSlot(g, s.name(), acc.next().get(s.name())));
        init.put(s.name(), s.zeros());
      }
    }
    List<FeedSpec> feeds = new ArrayList<>(feeds(tg));
    if (probe != null) {
      probe.inputs().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> feeds.add(new FeedSpec(e.getKey(), e.getValue().dtype(), e.getValue().shape())));
    }
    feeds.add(new FeedSpec(StepProgram.LR, DType.FLOAT, Shape.scalar()));
    feeds.add(new FeedSpec(StepProgram.STEP, DType.FLOAT, Shape.scalar()));
    if (acc != null) {
      feeds.add(new FeedSpec(StepProgram.APPLY, DType.FLOAT, Shape.scalar()));
    }
    return new StepProgram("train_step", recipe, batch, g.toModel(), slots, feeds, scalars, init, options);
  }

  /**
   * The recipe's optimizer; fine-tuning recipes whose parameters have different LR factors
   * ({@link LrScales}) get one group per factor, clipped once over all gradients.
   */
  private static Optimizer optimizer(Recipe recipe, Graph g, List<String> trainable) {
    // Graph options for side-by-side benchmarks: optim.layout=flat, optim.group_below=N (0: no grouping).
    boolean flat = g.option(BuildOption.OPTIM_LAYOUT).equals("flat");
    long groupBelow = Long.parseLong(g.option(BuildOption.OPTIM_GROUP_BELOW));
    Map<String, Double> scales = LrScales.of(recipe, trainable);
    if (LrScales.uniform(scales)) {
      return Optimizers.fromRecipe(recipe.optimizer(), flat, groupBelow);
    }
    Recipe.Optimizer o = recipe.optimizer();
    Recipe.Optimizer unclipped = new Recipe.Optimizer(o.type(), o.baseLr(), o.lrScaling(), o.momentum(), o.betas(),
        o.eps(), o.weightDecay(), o.trustCoefficient(), null);
    return new Grouped(Optimizers.fromRecipe(unclipped, flat, groupBelow), scales, o.clipGradNorm());
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
