package dev.autodidact.nn;

/**
 * What a state tensor is for. Optimizers use it (with the rank) to decide on weight decay; exporters use
 * it to tell trainable parameters from buffers.
 */
public enum Role {
  /** A conv or linear weight. */
  WEIGHT,
  /** A conv or linear bias. */
  BIAS,
  /** A BatchNorm/LayerNorm scale γ. */
  NORM_WEIGHT,
  /** A BatchNorm/LayerNorm shift β. */
  NORM_BIAS,
  /** A learned token (ViT cls token, MAE mask token). */
  TOKEN,
  /** Non-trainable state updated by the forward pass (BatchNorm running statistics). */
  BUFFER
}
