package dev.autodidact.train;

import dev.autodidact.data.DataFingerprint;
import java.util.Map;

/**
 * {@code RUN/summary.json}: how a run (or this session of it) ended.
 *
 * @param status {@code completed}, {@code interrupted} (stopped by a signal, resumable) or
 *     {@code diverged} (non-finite loss; resume from the last good checkpoint with other settings)
 * @param recipe recipe name
 * @param step updates done
 * @param totalSteps updates planned
 * @param epochs epochs done (fractional)
 * @param finalLoss mean loss of the last logging interval
 * @param imagesPerS mean throughput of this session (loader and step)
 * @param seconds training wall time over all sessions
 * @param collapseWarning whether the embedding std stayed under the collapse threshold
 * @param lastCheckpoint the newest valid checkpoint (null if none)
 * @param files where the run's files are
 * @param message one human line
 * @param data the data trained on
 */
public record RunSummary(String status, String recipe, long step, long totalSteps, double epochs, Double finalLoss,
    double imagesPerS, double seconds, boolean collapseWarning, String lastCheckpoint, Map<String, String> files,
    String message, DataFingerprint data) {
  /** The file name inside the run directory. */
  public static final String FILE = "summary.json";
}
