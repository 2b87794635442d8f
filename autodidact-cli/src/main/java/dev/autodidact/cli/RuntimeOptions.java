package dev.autodidact.cli;

import dev.autodidact.runtime.DeviceChoice;
import dev.autodidact.runtime.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/**
 * Where a training run computes: {@code --threads}, {@code --loader-threads}, {@code --device},
 * {@code --cuda-memory-limit} and {@code --cudnn-search}, shared by {@code pretrain} and {@code finetune}.
 * Add {@code @Mixin RuntimeOptions runtime;}, call {@link #device()} once (before taking the run lock, so a bad
 * value exits 2 without touching the run), then {@link #session(DeviceChoice)}.
 */
public final class RuntimeOptions {
  private static final Logger LOG = LoggerFactory.getLogger(RuntimeOptions.class);

  @Option(names = "--threads", paramLabel = "N", description = "ONNX Runtime intra-op threads (default: all cores).")
  Integer threads;

  @Option(names = "--loader-threads", paramLabel = "N", description = "Decode/augment threads (default: all cores).")
  Integer loaderThreads;

  @Option(names = "--device", defaultValue = "auto", paramLabel = "DEV", description = "auto, cpu, cuda or cuda:N (default: ${DEFAULT-VALUE}).")
  String device;

  @Option(names = "--cuda-memory-limit", paramLabel = "BYTES", defaultValue = "0", description = "CUDA arena limit in bytes (0: none).")
  long cudaMemoryLimit;

  @Option(names = "--cudnn-search", paramLabel = "MODE", defaultValue = "EXHAUSTIVE", description = "cuDNN conv algorithm search: EXHAUSTIVE, HEURISTIC or DEFAULT.")
  String cudnnSearch;

  /** {@code --threads} as given (null: all cores), for the recorded overrides. */
  public Integer threads() {
    return threads;
  }

  /** {@code --loader-threads}, or all cores. */
  public int loaderThreads() {
    return loaderThreads != null ? loaderThreads : SessionConfig.defaultThreads();
  }

  /** The device to run on, the CUDA options checked by name (exit 2); {@code auto}'s fallback to the CPU is logged. */
  public DeviceChoice device() {
    DeviceChoice dc = DeviceOption.choose(device, DeviceOption.cuda(0, cudaMemoryLimit, cudnnSearch));
    dc.fallbackReason().ifPresent(why -> LOG.info("--device auto: using the CPU because CUDA is not usable: {}", why));
    return dc;
  }

  /** ORT settings on {@code dc}'s device: {@code --threads} (or all cores) and the CUDA options for its index. */
  public SessionConfig session(DeviceChoice dc) {
    SessionConfig base = SessionConfig.of(dc.device(), threads != null ? threads : SessionConfig.defaultThreads());
    return new SessionConfig(base.device(), base.threads(), base.optLevel(), base.memoryPattern(),
        DeviceOption.cuda(dc.device().index(), cudaMemoryLimit, cudnnSearch));
  }
}
