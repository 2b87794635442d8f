package dev.autodidact.train;

import dev.autodidact.onnx.TensorData;
import java.nio.file.Path;
import java.util.Map;

/**
 * A checkpoint read back and verified.
 *
 * @param dir its directory
 * @param trainer its {@code trainer.json}
 * @param state every state tensor by name
 */
public record Checkpoint(Path dir, TrainerState trainer, Map<String, TensorData> state) {}
