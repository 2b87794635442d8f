package dev.autodidact.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.autodidact.Preprocessing;
import dev.autodidact.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code encoder.json} as read back: the fields an inference session needs. Written by
 * {@code train.EncoderExport}; the schema is in {@code docs/api.md}.
 *
 * @param file the JSON file
 * @param model the ONNX file it describes (resolved beside the JSON)
 * @param sha256 the model's SHA-256 (hex)
 * @param inputName the image input's name
 * @param outputName the features output's name
 * @param preprocessing the eval input contract
 */
public record EncoderManifest(Path file, Path model, String sha256, String inputName, String outputName,
    Preprocessing preprocessing) {
  /** The format this version writes and the only one it reads. */
  public static final String FORMAT = "autodidact-encoder/2";

  /** The manifest's path for a model path: {@code encoder.onnx} → {@code encoder.json}. */
  public static Path pathFor(Path model) {
    String n = model.getFileName().toString();
    String base = n.endsWith(".onnx") ? n.substring(0, n.length() - 5) : n;
    return model.resolveSibling(base + ".json");
  }

  /**
   * Reads and validates {@code file}.
   *
   * @throws UserInputException for a missing or unreadable file, another format, or a bad field
   */
  public static EncoderManifest read(Path file) {
    JsonNode o = ManifestFields.readObject(file);
    String format = o.path("format").asText("");
    if (!FORMAT.equals(format)) {
      String hint = format.equals("autodidact-encoder/1")
          ? "it predates the preprocessing contract; re-export it with: autodidact export-encoder --checkpoint RUN --out "
              + file.resolveSibling("encoder.onnx")
          : "written by another version of Autodidact?";
      throw new UserInputException(file + ": format is '" + format + "', this version reads only '" + FORMAT + "' (" + hint + ")");
    }
    ManifestFields f = new ManifestFields(file);
    Path model = file.resolveSibling(f.text(o, "model"));
    Preprocessing p = f.preprocessing(o);
    return new EncoderManifest(file, model, f.text(o, "sha256"), f.text(f.object(o, "input"), "name"),
        f.text(f.object(o, "output"), "name"), p);
  }

  /** Reads the manifest beside {@code model}; a clear error when there is none. */
  public static EncoderManifest forModel(Path model) {
    Path json = pathFor(model);
    if (!Files.isRegularFile(json)) {
      throw new UserInputException(model + ": no " + json.getFileName() + " beside it; the model's input contract "
          + "(size, channels, normalization, resize and crop) is in that file. Export with autodidact export-encoder, "
          + "which writes both, or give the run directory instead");
    }
    return read(json);
  }
}
