package dev.autodidact.train;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON conventions of the run files: snake_case; non-finite numbers are written as null. */
public final class Json {
  private Json() {}

  /** Pretty, for summary.json and trainer.json. */
  /** Indented output. */
  public static ObjectMapper pretty() {
    return base().enable(SerializationFeature.INDENT_OUTPUT);
  }

  /** One object per line, for metrics.jsonl. */
  /** One-line output. */
  public static ObjectMapper compact() {
    return base();
  }

  /** {@code v}, or null when NaN or infinite: strict JSON readers (jq, browsers) refuse NaN. */
  static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  private static ObjectMapper base() {
    return JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();
  }
}
