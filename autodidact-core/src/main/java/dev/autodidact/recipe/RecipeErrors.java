package dev.autodidact.recipe;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.autodidact.UserInputException;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Turns what Jackson and the recipe's own checks throw into one line for the person who wrote the file:
 * the JSON field path and the bad value, the nearest known name of an unknown field, or the line and
 * column of malformed JSON.
 */
final class RecipeErrors {
  private RecipeErrors() {}

  /**
   * Binds a parsed recipe after checking that every field name is one the schema knows, so a misspelled
   * key is reported as such rather than as the missing field it leaves behind.
   */
  static Recipe read(ObjectMapper mapper, JsonNode tree) throws IOException {
    if (tree == null || !tree.isObject()) {
      throw new UserInputException("expected a JSON object, got " + (tree == null ? "nothing" : tree.getNodeType()));
    }
    checkFields(tree, Recipe.class, "");
    return mapper.treeToValue(tree, Recipe.class);
  }

  private static final PropertyNamingStrategies.SnakeCaseStrategy SNAKE = new PropertyNamingStrategies.SnakeCaseStrategy();

  private static void checkFields(JsonNode node, Class<?> type, String path) {
    Map<String, RecordComponent> known = new TreeMap<>();
    for (RecordComponent c : type.getRecordComponents()) {
      known.put(SNAKE.translate(c.getName()), c);
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      RecordComponent c = known.get(f);
      if (c == null) {
        String near = nearest(f, known.keySet());
        throw new UserInputException("unknown field " + path + f + (near == null ? "" : " (did you mean " + near + "?)")
            + "; known fields" + (path.isEmpty() ? "" : " of " + path.substring(0, path.length() - 1)) + ": "
            + String.join(", ", known.keySet()));
      }
      JsonNode v = node.get(f);
      if (c.getType().isRecord() && v.isObject()) {
        checkFields(v, c.getType(), path + f + ".");
      }
    }
  }

  static String describe(Exception e) {
    UserInputException own = find(e, UserInputException.class);
    if (own != null) {
      return own.getMessage(); // the records' checks name the full field path themselves
    }
    if (e instanceof UnrecognizedPropertyException u) {
      String field = u.getPropertyName();
      String path = path(u.getPath().subList(0, Math.max(0, u.getPath().size() - 1)));
      List<String> known = u.getKnownPropertyIds().stream().map(Objects::toString).sorted().toList();
      String near = nearest(field, known);
      return "unknown field " + (path.isEmpty() ? "" : path + ".") + field
          + (near == null ? "" : " (did you mean " + near + "?)") + "; known fields here: " + String.join(", ", known);
    }
    if (e instanceof InvalidFormatException f) {
      return path(f.getPath()) + ": " + quote(f.getValue()) + " is not a valid " + typeName(f.getTargetType());
    }
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      return path(m.getPath()) + ": expected " + typeName(m.getTargetType()) + at(m.getLocation());
    }
    if (e instanceof JsonProcessingException p && !(e instanceof JsonMappingException)) {
      return "malformed JSON" + at(p.getLocation()) + ": " + p.getOriginalMessage().lines().findFirst().orElse("");
    }
    if (e instanceof JsonMappingException m) {
      String where = path(m.getPath());
      return (where.isEmpty() ? "" : where + ": ") + m.getOriginalMessage().lines().findFirst().orElse("") + at(m.getLocation());
    }
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    return msg.lines().findFirst().orElse(msg);
  }

  /** {@code encoder.widths[0]} from Jackson's reference chain. */
  static String path(List<JsonMappingException.Reference> refs) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : refs) {
      if (r.getFieldName() != null) {
        sb.append(sb.length() == 0 ? "" : ".").append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  /** The known name closest to {@code name} by edit distance, if it is close enough to be a typo. */
  static String nearest(String name, Collection<String> known) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String k : known) {
      int d = distance(name.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
      if (d < bestD) {
        bestD = d;
        best = k;
      }
    }
    return best != null && bestD <= Math.max(2, name.length() / 3) ? best : null;
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  private static String at(JsonLocation loc) {
    return loc == null || loc.getLineNr() < 1 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String quote(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  private static String typeName(Class<?> c) {
    if (c == null) {
      return "value";
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return "integer";
    }
    if (c == double.class || c == Double.class) {
      return "number";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "true or false";
    }
    if (c == String.class) {
      return "string";
    }
    if (List.class.isAssignableFrom(c)) {
      return "list";
    }
    return "object (" + c.getSimpleName() + ")";
  }

  private static <T extends Throwable> T find(Throwable e, Class<T> type) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (type.isInstance(t)) {
        return type.cast(t);
      }
    }
    return null;
  }
}
