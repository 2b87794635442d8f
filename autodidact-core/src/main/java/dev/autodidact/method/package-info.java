/**
 * Training objectives built on {@link dev.autodidact.nn}: {@link dev.autodidact.method.SimClr}, {@link
 * dev.autodidact.method.Mae}, {@link dev.autodidact.method.Classifier}, each returning a {@link
 * dev.autodidact.method.TrainGraph}; {@link dev.autodidact.method.EvalEncoder} for the inference encoder.
 */
package dev.autodidact.method;
