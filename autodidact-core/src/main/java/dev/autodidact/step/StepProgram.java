package dev.autodidact.step;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.autodidact.onnx.BuildOptions;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import dev.autodidact.runtime.StateSlot;
import dev.autodidact.runtime.TrainSession;
import java.util.List;
import java.util.Map;

/**
 * A step graph ready to run: the model, which inputs are state (and which outputs replace them), what
 * the caller feeds each step, the scalar outputs to read, and the initial state.
 *
 * @param kind {@code train_step} (forward, loss, backward, update) or {@code eval} (forward and loss)
 * @param recipe the recipe it was built from
 * @param batch images per step (SimCLR feeds 2·batch views)
 * @param model the ONNX model
 * @param slots every state input, with its next-value output (null for constant state)
 * @param feeds per-step inputs
 * @param scalars float scalar outputs: {@code loss} and diagnostics
 * @param initialState the value of every state input at step 0, by input name
 * @param options the graph build options it was built with
 */
public record StepProgram(String kind, Recipe recipe, int batch, ModelProto model, List<StateSlot> slots,
    List<FeedSpec> feeds, List<String> scalars, Map<String, TensorData> initialState, BuildOptions options) {
  /** Output with the loss. */
  public static final String LOSS = "loss";
  /** Output with the global gradient norm (before clipping). */
  public static final String GRAD_NORM = "grad_norm";
  /** Output that is 1 when the loss or any gradient is NaN or infinite, else 0. */
  public static final String NON_FINITE = "nonfinite";
  /** Input with the learning rate of this step. */
  public static final String LR = "lr";
  /** Input with the 1-based update count (AdamW's bias correction). */
  public static final String STEP = "step";
  /** Input (gradient accumulation only): 1 on the last micro-batch of an update, else 0. */
  public static final String APPLY = "apply";
  /** Prefix of the outputs that carry a state input's next value. */
  public static final String NEXT = "next/";

  public StepProgram {
    slots = List.copyOf(slots);
    feeds = List.copyOf(feeds);
    scalars = List.copyOf(scalars);
    initialState = Map.copyOf(initialState);
  }

  /**
   * The program as a running ORT session from its initial state: the one place a {@link TrainSession}
   * is made from a step graph. The caller closes it.
   *
   * <pre>{@code
   * StepProgram p = StepBuilder.train(recipe, batch, seed);
   * try (OrtSession.SessionOptions o = Sessions.options(config); TrainSession ts = p.open(o)) {
   *   ts.step(feeds);
   * }
   * }</pre>
   */
  public TrainSession open(OrtSession.SessionOptions options) throws OrtException {
    return open(options, initialState);
  }

  /** As {@link #open(OrtSession.SessionOptions)}, starting from {@code state} (every state input by name). */
  public TrainSession open(OrtSession.SessionOptions options, Map<String, TensorData> state) throws OrtException {
    return new TrainSession(model.toByteArray(), options, slots, state, scalars);
  }
}
