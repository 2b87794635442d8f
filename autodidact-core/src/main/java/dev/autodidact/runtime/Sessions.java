package dev.autodidact.runtime;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;

/** Session options chosen deliberately in one place. */
public final class Sessions {
  private Sessions() {}

  /**
   * Options for {@code device} with {@code threads} intra-op threads. CUDA fails here with ORT's own
   * message (for example the missing library) when the provider cannot be loaded.
   */
  public static OrtSession.SessionOptions options(Device device, int threads) throws OrtException {
    return options(SessionConfig.of(device, threads));
  }

  /** Options from a full configuration (the caller closes them). */
  public static OrtSession.SessionOptions options(SessionConfig c) throws OrtException {
    OrtSession.SessionOptions o = new OrtSession.SessionOptions();
    try {
      o.setIntraOpNumThreads(c.threads());
      // Our graphs are one long chain of dependent ops: parallel branches would only fight the intra-op pool.
      o.setInterOpNumThreads(1);
      o.setOptimizationLevel(c.optLevel());
      o.setMemoryPatternOptimization(c.memoryPattern());
      o.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
      // Spinning workers burn the cores the data loader needs between steps; on a quiet machine it
      // made no measurable difference (docs/performance.md).
      o.addConfigEntry("session.intra_op.allow_spinning", "0");
      o.addConfigEntry("session.inter_op.allow_spinning", "0");
      if (c.device().kind() == Device.Kind.CUDA) {
        try (OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions(c.device().index())) {
          if (c.cuda().memoryLimitBytes() > 0) {
            cuda.add("gpu_mem_limit", Long.toString(c.cuda().memoryLimitBytes()));
          }
          cuda.add("cudnn_conv_algo_search", c.cuda().convAlgoSearch());
          o.addCUDA(cuda);
        }
      }
      return o;
    } catch (OrtException | RuntimeException e) {
      o.close();
      throw e;
    }
  }
}
