package dev.autodidact.train;

import dev.autodidact.method.OnlineProbe;
import dev.autodidact.runtime.TrainSession;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The online probe's running numbers over a logging interval: accuracy and loss over the labelled rows
 * of the interval's batches, each measured in-batch before the probe's update.
 */
final class ProbeTally {
  /** metrics.jsonl key of the accuracy. */
  static final String ACC = "online_probe_acc";
  /** metrics.jsonl key of the loss. */
  static final String LOSS = "online_probe_loss";

  private double correct;
  private double count;
  private double lossSum;

  /** Adds the step that {@code ts} just ran. */
  void add(TrainSession ts) {
    double n = ts.scalar(OnlineProbe.COUNT);
    correct += ts.scalar(OnlineProbe.CORRECT);
    count += n;
    lossSum += ts.scalar(OnlineProbe.LOSS) * n; // the step's loss is a mean over its labelled rows
  }

  /** The interval's accuracy and loss (null without labelled rows), and a fresh interval. */
  Map<String, Object> takeInterval() {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put(ACC, count > 0 ? Json.finite(correct / count) : null);
    r.put(LOSS, count > 0 ? Json.finite(lossSum / count) : null);
    correct = 0;
    count = 0;
    lossSum = 0;
    return r;
  }
}
