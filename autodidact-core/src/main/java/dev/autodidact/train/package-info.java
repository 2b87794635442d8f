/**
 * The pretraining loop: {@link dev.autodidact.train.Trainer} feeds the data loader's batches to the
 * train step, follows the learning-rate plan, logs metrics, watches for divergence and collapse, and
 * writes atomic, verifiable checkpoints from which a run resumes exactly.
 */
package dev.autodidact.train;
