package dev.autodidact.method;

import dev.autodidact.autodiff.Gradients;
import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.nn.ParamSpec;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The forward part of a train step as built by a method, before autodiff and the optimizer. No graph
 * outputs are marked: the step builder decides what to export.
 *
 * @param graph the graph everything lives in
 * @param model the builder (all parameter/buffer specs, in PyTorch order)
 * @param inputs data inputs by name: {@code x}, and {@code ids_keep}/{@code ids_restore} (MAE) or
 *     {@code labels} (classifier)
 * @param loss scalar loss
 * @param trainable specs of the parameters to update (a frozen classifier lists only its head)
 * @param trainableTensors their tensors, same order
 * @param bufferUpdates new buffer values by buffer name (training-mode BatchNorm running stats)
 * @param diagnostics scalars such as {@link Diagnostics#EMBEDDING_STD}
 * @param outputs named intermediate values matching the fixtures' {@code out/*}: {@code embedding},
 *     and {@code head} (SimCLR), {@code pred}/{@code mask} (MAE) or {@code logits} (classifier)
 */
public record TrainGraph(Graph graph, ModelBuilder model, Map<String, Tensor> inputs, Tensor loss,
    List<ParamSpec> trainable, List<Tensor> trainableTensors, Map<String, Tensor> bufferUpdates,
    Map<String, Tensor> diagnostics, Map<String, Tensor> outputs) {
  public TrainGraph {
    inputs = Map.copyOf(inputs);
    trainable = List.copyOf(trainable);
    trainableTensors = List.copyOf(trainableTensors);
    bufferUpdates = Map.copyOf(bufferUpdates);
    diagnostics = Map.copyOf(diagnostics);
    outputs = Map.copyOf(outputs);
  }

  /** Appends the backward pass: d loss / d each trainable tensor, in {@link #trainableTensors} order. */
  public Map<Tensor, Tensor> gradients() {
    return Gradients.of(loss, trainableTensors);
  }

  /** Number of trainable elements. */
  public long trainableCount() {
    return trainable.stream().mapToLong(ParamSpec::numel).sum();
  }

  static TrainGraph of(ModelBuilder mb, Map<String, Tensor> inputs, Tensor loss, List<ParamSpec> trainable,
      Map<String, Tensor> diagnostics, Map<String, Tensor> outputs) {
    return new TrainGraph(mb.graph(), mb, inputs, loss, trainable, mb.tensors(trainable), mb.bufferUpdates(),
        diagnostics, outputs);
  }
}
