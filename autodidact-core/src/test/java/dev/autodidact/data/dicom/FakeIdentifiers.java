package dev.autodidact.data.dicom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fake patient identifiers the DICOM fixtures carry, for tests that check none of them leaks. */
public final class FakeIdentifiers {
  private FakeIdentifiers() {}

  /** Each identifier and its name components longer than four letters ({@code SECRETNAME} of {@code FAKE^SECRETNAME^...}). */
  public static List<String> all() throws IOException {
    JsonNode fx = new ObjectMapper().readTree(Path.of("testdata/dicom-reference/fixtures.json").toFile());
    List<String> parts = new ArrayList<>();
    for (JsonNode n : fx.get("fake_identifiers")) {
      String id = n.asText();
      parts.add(id);
      for (String p : id.split("[\\\\^ ]")) {
        if (p.length() > 4 && !p.equals("FAKE")) {
          parts.add(p);
        }
      }
    }
    if (parts.size() < 5) {
      throw new IllegalStateException("fixtures.json lists too few identifiers: " + parts);
    }
    return parts;
  }
}
