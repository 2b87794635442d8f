package dev.autodidact.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Session options chosen deliberately in one place. */
public final class Sessions {
  private Sessions() {}

  /**
   * Options for {@code device} with {@code threads} intra-op threads. CUDA fails here with ORT's own
   * message (for example the missing library) when the provider cannot be loaded.
   */
  public static OrtSession.SessionOptions options(Device device, int threads) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    try {
      o.setIntraOpNumThreads(threads);
      o.setInterOpNumThreads(1);
      o.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      // Spinning workers burn the cores the data loader needs between steps; on a quiet machine it
      // made no measurable difference (docs/performance.md).
      o.addConfigEntry("session.intra_op.allow_spinning", "0");
      o.addConfigEntry("session.inter_op.allow_spinning", "0");
      if (device.kind() == Device.Kind.CUDA) {
        o.addCUDA(device.index());
      }
      return o;
    } catch (OrtException | RuntimeException e) {
      o.close();
      throw e;
    }
  }
}
