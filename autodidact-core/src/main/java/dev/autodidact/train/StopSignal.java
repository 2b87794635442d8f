package dev.autodidact.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request to stop training between steps, from SIGINT/SIGTERM or from code.
 *
 * <p>With {@link #onShutdown()}, a JVM shutdown hook sets the flag and then waits until the program
 * calls {@link #finish(int)} (after the loop has written its checkpoint and printed where to resume),
 * and ends the JVM with that code: without that wait the JVM would exit as soon as the hooks return,
 * killing the loop in the middle of the checkpoint, and a signal exits with 130/143 instead of the 0
 * of a clean stop. When the program finishes on its own first, the hook does nothing.
 *
 * <p>Thread-safe.
 */
public final class StopSignal implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignal.class);
  /** How long the hook waits for the loop: a step and a checkpoint of a large model fit well within. */
  private static final long HOOK_WAIT_MINUTES = 30;

  private final CountDownLatch finished = new CountDownLatch(1);
  private final Thread hook;
  private final long atStep;
  private volatile boolean requested;
  private volatile int exitCode;

  private StopSignal(boolean installHook, long atStep) {
    this.atStep = atStep;
    this.hook = installHook ? new Thread(this::onSignal, "autodidact-stop") : null;
    if (hook != null) {
      Runtime.getRuntime().addShutdownHook(hook);
    }
  }

  /** A signal only code can raise (tests, benchmarks). */
  public static StopSignal manual() {
    return new StopSignal(false, Long.MAX_VALUE);
  }

  /** A signal that fires once the loop has done {@code step} updates (tests of interruption and resume). */
  public static StopSignal atStep(long step) {
    return new StopSignal(false, step);
  }

  /** A signal raised by SIGINT/SIGTERM (JVM shutdown); close it to remove the hook. */
  public static StopSignal onShutdown() {
    return new StopSignal(true, Long.MAX_VALUE);
  }

  /** Asks the loop to stop after its current step. */
  public void request() {
    requested = true;
  }

  /** Whether the loop, having done {@code step} updates, should stop now. */
  public boolean requested(long step) {
    return requested || step >= atStep;
  }

  /** The program is done (a checkpoint written, messages printed); a waiting hook exits with {@code code}. */
  public void finish(int code) {
    exitCode = code;
    finished.countDown();
  }

  private void onSignal() {
    if (finished.getCount() == 0) {
      return; // a normal exit, not a signal
    }
    requested = true;
    LOG.warn("stop requested: finishing the current step and writing a checkpoint");
    try {
      if (!finished.await(HOOK_WAIT_MINUTES, TimeUnit.MINUTES)) {
        LOG.error("the training loop did not stop within {} minutes; exiting without a final checkpoint", HOOK_WAIT_MINUTES);
        return;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    System.out.flush();
    System.err.flush();
    // halt, not exit: exit would wait for this hook, and the signal's own status (130/143) would win.
    Runtime.getRuntime().halt(exitCode);
  }

  /** Removes the hook (unless the JVM is already shutting down, when it must stay to do its job). */
  @Override
  public void close() {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // Shutdown in progress: the hook is waiting for finish(); make sure it gets a code.
      if (finished.getCount() != 0) {
        finish(1);
      }
    }
  }
}
