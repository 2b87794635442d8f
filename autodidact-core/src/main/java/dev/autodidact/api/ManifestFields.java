package dev.autodidact.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.Preprocessing;
import dev.autodidact.UserInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Field access for model manifests ({@code encoder.json}, {@code model.json}) with errors naming file and field. */
final class ManifestFields {
  private final Path file;

  ManifestFields(Path file) {
    this.file = file;
  }

  /** The JSON object in {@code file}. */
  static JsonNode readObject(Path file) {
    JsonNode o;
    try {
      o = new ObjectMapper().readTree(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      throw new UserInputException(file + ": file not found");
    } catch (JsonProcessingException e) {
      throw new UserInputException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw new UserInputException(file + ": cannot read (" + e.getMessage() + ")");
    }
    if (o == null || !o.isObject()) {
      throw new UserInputException(file + ": expected a JSON object");
    }
    return o;
  }

  String text(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isTextual() || v.asText().isBlank()) {
      throw new UserInputException(file + ": field '" + name + "' must be a non-empty string, got " + v);
    }
    return v.asText();
  }

  JsonNode object(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null || !v.isObject()) {
      throw new UserInputException(file + ": field '" + name + "' must be an object, got " + v);
    }
    return v;
  }

  Preprocessing preprocessing(JsonNode o) {
    try {
      return Preprocessing.fromJsonNode(object(o, "preprocessing"));
    } catch (UserInputException e) {
      throw new UserInputException(file + ": " + e.getMessage(), e);
    }
  }
}
