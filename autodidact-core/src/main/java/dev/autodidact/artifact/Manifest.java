package dev.autodidact.artifact;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code manifest.json} of an export or checkpoint directory: the SHA-256 of every file (relative path
 * with '/' separators) plus free-form fields (recipe, shapes, opset, ...). Loading code calls
 * {@link #verify(Path)} first so a truncated copy or an edited file is caught with its name before any
 * tensor is read.
 *
 * @param files relative path → lowercase hex SHA-256, sorted by path
 * @param fields free-form JSON-serializable values
 */
public record Manifest(Map<String, String> files, Map<String, Object> fields) {
  /** The manifest's own file name; it is never listed in itself. */
  public static final String FILE_NAME = "manifest.json";

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

  public Manifest {
    files = Collections.unmodifiableMap(new TreeMap<>(files));
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Hashes every regular file under {@code dir} (recursively, except the manifest itself). */
  public static Manifest of(Path dir, Map<String, Object> fields) throws IOException {
    Map<String, String> files = new TreeMap<>();
    for (Path p : listFiles(dir)) {
      files.put(relative(dir, p), sha256(p));
    }
    return new Manifest(files, fields);
  }

  /** Hashes {@code dir} and writes {@code dir/manifest.json} atomically; returns the manifest. */
  public static Manifest writeFor(Path dir, Map<String, Object> fields) throws IOException {
    Manifest m = of(dir, fields);
    m.write(dir);
    return m;
  }

  /** Writes {@code dir/manifest.json} atomically. */
  public void write(Path dir) throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("files", files);
    root.put("fields", fields);
    AtomicFiles.write(dir.resolve(FILE_NAME), JSON.writeValueAsBytes(root));
  }

  /** Reads {@code dir/manifest.json}. */
  @SuppressWarnings("unchecked")
  public static Manifest read(Path dir) throws IOException {
    Path f = dir.resolve(FILE_NAME);
    try {
      Map<String, Object> root = JSON.readValue(f.toFile(), Map.class);
      Object files = root.get("files");
      if (!(files instanceof Map<?, ?> fm) || !fm.values().stream().allMatch(v -> v instanceof String)) {
        throw new IOException("manifest " + f + ": 'files' must map paths to SHA-256 strings");
      }
      Object fields = root.getOrDefault("fields", Map.of());
      if (!(fields instanceof Map<?, ?>)) {
        throw new IOException("manifest " + f + ": 'fields' must be an object");
      }
      return new Manifest((Map<String, String>) files, (Map<String, Object>) fields);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new IOException("manifest " + f + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
    }
  }

  /**
   * Reads the manifest of {@code dir} and checks every listed file. Throws {@link IOException} naming
   * the first missing file or the first whose hash differs; files not listed are ignored (logs may be
   * added beside a checkpoint). Returns the manifest on success.
   */
  public static Manifest verify(Path dir) throws IOException {
    Manifest m = read(dir);
    List<String> problems = new ArrayList<>();
    for (Map.Entry<String, String> e : m.files.entrySet()) {
      Path p = dir.resolve(e.getKey()).normalize();
      if (!p.startsWith(dir.normalize())) {
        problems.add(e.getKey() + " points outside the directory");
      } else if (!Files.isRegularFile(p)) {
        problems.add(e.getKey() + " is missing");
      } else {
        String got = sha256(p);
        if (!got.equalsIgnoreCase(e.getValue())) {
          problems.add(e.getKey() + " has SHA-256 " + got + ", manifest says " + e.getValue());
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IOException("manifest check failed in " + dir + ": " + String.join("; ", problems));
    }
    return m;
  }

  /** Lowercase hex SHA-256 of a file's content. */
  public static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JRE", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
    } catch (NoSuchFileException e) {
      throw new IOException("cannot hash " + file + ": no such file", e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static List<Path> listFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> !dir.relativize(p).toString().equals(FILE_NAME))
          .sorted().toList();
    }
  }

  private static String relative(Path dir, Path p) {
    return dir.relativize(p).toString().replace(java.io.File.separatorChar, '/');
  }
}
