package dev.autodidact.step;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;

/** A per-step input of a step graph that the caller feeds: the batch, index tensors, {@code lr}, {@code step}. */
public record FeedSpec(String name, DType dtype, Shape shape) {}
