package dev.autodidact.eval;

/**
 * What was evaluated, for results.json.
 *
 * @param path the model as given ({@code RUN}, a checkpoint or an {@code encoder.onnx})
 * @param sha256 SHA-256 of the encoder ONNX the features came from
 * @param recipe recipe name
 * @param method {@code simclr} or {@code mae}
 * @param run the pretraining run directory when known (its {@code metrics.jsonl} feeds the report), else null
 * @param checkpointStep the checkpoint's step when known, else null
 * @param seed the pretraining seed when known (the random baseline uses it), else null
 */
public record ModelInfo(String path, String sha256, String recipe, String method, String run, Long checkpointStep,
    Long seed) {}
