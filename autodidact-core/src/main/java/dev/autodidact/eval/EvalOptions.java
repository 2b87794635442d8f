package dev.autodidact.eval;

import dev.autodidact.UserInputException;
import java.util.List;
import java.util.Set;

/**
 * The evaluation protocol.
 *
 * @param labelsPerClass label budgets, sorted (see {@link LabelsPerClass})
 * @param repeats label subsets drawn per budget (seeds {@code seed + r}); {@code all} is drawn once
 * @param probes which probes to fit
 * @param seed seeds the label subsets and the bootstrap
 * @param lambda the linear probe's weight on ‖W‖²
 * @param knnK the k of each kNN probe
 * @param temperature the kNN vote temperature
 * @param resamples bootstrap resamples for the intervals
 * @param baseline also evaluate a randomly initialised encoder of the same recipe
 * @param threads CPU threads for the probes and ORT
 */
public record EvalOptions(List<LabelsPerClass> labelsPerClass, int repeats, Set<Probe> probes, long seed,
    double lambda, int[] knnK, double temperature, int resamples, boolean baseline, int threads) {
  public EvalOptions {
    if (labelsPerClass.isEmpty()) {
      throw new UserInputException("--labels-per-class: give at least one value");
    }
    if (repeats < 1) {
      throw new UserInputException("--repeats must be at least 1, got " + repeats);
    }
    if (probes.isEmpty()) {
      throw new UserInputException("--probe: give at least one probe");
    }
    if (!(lambda >= 0)) {
      throw new UserInputException("--lambda must be >= 0, got " + lambda);
    }
    for (int k : knnK) {
      if (k < 1) {
        throw new UserInputException("--knn-k values must be positive, got " + k);
      }
    }
    if (!(temperature > 0)) {
      throw new UserInputException("kNN temperature must be positive, got " + temperature);
    }
    if (resamples < 100) {
      throw new UserInputException("bootstrap resamples must be at least 100, got " + resamples);
    }
    if (threads < 1) {
      throw new UserInputException("--threads must be positive, got " + threads);
    }
    labelsPerClass = List.copyOf(labelsPerClass);
    probes = Set.copyOf(probes);
    knnK = knnK.clone();
  }

  /** The defaults of {@code evaluate}: 10, 100, all; 3 repeats; both probes; λ 1e-3; k 20, 200; T 0.07. */
  public static EvalOptions defaults() {
    return new EvalOptions(LabelsPerClass.parseList("10,100,all"), 3, Set.of(Probe.LINEAR, Probe.KNN), 0, 1e-3,
        new int[] {20, 200}, 0.07, Bootstrap.RESAMPLES, true, Runtime.getRuntime().availableProcessors());
  }

  /** Probe names as they appear in results: {@code linear}, {@code knn-20}, {@code knn-200}. */
  public List<String> probeNames() {
    List<String> n = new java.util.ArrayList<>();
    if (probes.contains(Probe.LINEAR)) {
      n.add("linear");
    }
    if (probes.contains(Probe.KNN)) {
      for (int k : knnK) {
        n.add("knn-" + k);
      }
    }
    return n;
  }
}
