/**
 * Layers and backbones as graph fragments. Layers get their state from a {@link
 * dev.autodidact.nn.ModelBuilder} ({@code param}/{@code buffer}), named by scope to match the PyTorch
 * reference's state_dict keys; {@link dev.autodidact.nn.Initializer} draws initial values per name.
 */
package dev.autodidact.nn;
