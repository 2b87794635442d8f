package dev.autodidact.selfcheck;

/**
 * The outcome of one gradient check: worst relative error between analytic and finite-difference
 * gradients over the sampled elements, the tolerance it was held to, and an error text if it could not
 * run at all.
 */
public record CaseResult(String op, String config, String dtype, double maxRelErr, double tolerance, String error) {
  public boolean pass() {
    return error == null && maxRelErr <= tolerance;
  }
}
