package dev.autodidact.train;

import dev.autodidact.UserInputException;
import dev.autodidact.data.DataFingerprint;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a resume may change. By default nothing: the same recipe, overrides and data, so the resumed run
 * ends exactly as an uninterrupted one. Each permission is explicit and recorded as a {@link RunChange}.
 *
 * <pre>{@code
 * new Trainer(spec).run(checkpoint, new ResumePolicy(false, true), stop); // --extend: a longer schedule from the checkpoint
 * }</pre>
 *
 * @param allowDataChange continue on other data than the checkpoint was trained on ({@code --allow-data-change})
 * @param extend continue a run with a longer schedule ({@code --extend}): the rest of the run follows the
 *     new schedule from the checkpoint's step, which is not the same as a run planned that long from
 *     the start (its first part decayed under the shorter schedule)
 */
public record ResumePolicy(boolean allowDataChange, boolean extend) {
  private static final Logger LOG = LoggerFactory.getLogger(ResumePolicy.class);

  /** Nothing may change. */
  public static final ResumePolicy STRICT = new ResumePolicy(false, false);

  /**
   * Checks that {@code now} is the data {@code from} was trained on; with {@link #allowDataChange} a
   * difference is logged and added to {@code changes}.
   *
   * @throws UserInputException when the data differs and no change is allowed, naming both fingerprints
   */
  void checkData(Checkpoint from, DataFingerprint now, List<RunChange> changes) {
    DataFingerprint was = from.trainer().data();
    if (was == null) {
      LOG.info("checkpoint {} records no data fingerprint (an older version wrote it); not checked", from.dir());
      return;
    }
    if (was.sameData(now)) {
      return;
    }
    if (!allowDataChange) {
      throw new UserInputException("cannot resume: checkpoint " + from.dir() + " was trained on " + was.describe()
          + ", but --data is " + now.describe() + "; give the same data, or add --allow-data-change to continue on"
          + " this data (recorded in trainer.json)");
    }
    LOG.warn("--allow-data-change: continuing the run of {} on {} (it was trained on {})", from.dir(), now.describe(),
        was.describe());
    changes.add(new RunChange(from.trainer().step(), "data", was.describe(), now.describe()));
  }

  /**
   * With {@link #extend}: records the schedule change, refusing a plan that is not longer than the
   * checkpoint's step.
   */
  void checkExtend(Checkpoint from, TrainPlan plan, List<RunChange> changes) {
    if (!extend) {
      return;
    }
    long step = from.trainer().step();
    if (plan.totalSteps() <= step) {
      throw new UserInputException("cannot extend: checkpoint " + from.dir() + " is at step " + step + " and the new"
          + " schedule has only " + plan.totalSteps() + " steps; give more --epochs (or a larger --max-steps)");
    }
    Object was = from.trainer().lrSchedule().get("total_steps");
    if (was instanceof Number n && n.longValue() == plan.totalSteps()) {
      return; // already this length (resuming an extended run that was interrupted): nothing changes
    }
    changes.add(new RunChange(step, "extend", "total_steps " + was, "total_steps " + plan.totalSteps()));
    LOG.info("--extend: continuing from step {} with a schedule of {} steps (was {}); the learning rate follows the"
        + " new schedule from step {} on", step, plan.totalSteps(), was, step);
  }
}
