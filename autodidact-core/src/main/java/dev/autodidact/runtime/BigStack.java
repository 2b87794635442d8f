package dev.autodidact.runtime;

import java.util.concurrent.Callable;

/**
 * Runs work that creates or runs ORT sessions on a thread with a large stack.
 *
 * <p>Why: some of ORT's graph passes recurse per node, and a training-step graph is a chain of
 * thousands of nodes. On the JVM's main thread (about 1 MB, less what the launcher already used, so
 * it even depends on the length of the class path) session creation overflowed the native stack and
 * the process died with SIGSEGV, with no Java error and no crash report. A dedicated thread with a
 * reserved 512 MB stack (address space only; pages are touched as used) removes that cliff.
 */
public final class BigStack {
  /** Stack reserved for the thread. */
  public static final long STACK_BYTES = 512L << 20;

  private BigStack() {}

  /**
   * Runs {@code work} on a new thread named {@code name} with a {@link #STACK_BYTES} stack and waits
   * for it; its exception, checked or not, is rethrown as is.
   */
  public static <T> T call(String name, Callable<T> work) throws Exception {
    Object[] result = new Object[1];
    Throwable[] error = new Throwable[1];
    Thread t = new Thread(null, () -> {
      try {
        result[0] = work.call();
      } catch (Throwable e) {
        error[0] = e;
      }
    }, name, STACK_BYTES);
    t.start();
    boolean interrupted = false;
    while (true) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        // The work owns native resources and must finish (it checks its own stop flag); keep waiting.
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (error[0] instanceof Exception e) {
      throw e;
    }
    if (error[0] instanceof Error e) {
      throw e;
    }
    @SuppressWarnings("unchecked")
    T r = (T) result[0];
    return r;
  }
}
