package dev.autodidact.train;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/** Names the fields where two recipes (as JSON) differ, for a refusal message a person can act on. */
public final class RecipeDiff {
  private RecipeDiff() {}

  /** E.g. {@code optimizer.base_lr: 1.0 in the checkpoint, 2.0 now}; at most five fields. */
  public static String describe(JsonNode was, JsonNode now) {
    List<String> out = new ArrayList<>();
    walk("", was, now, out);
    if (out.isEmpty()) {
      return "recipe differs";
    }
    String s = String.join("; ", out.subList(0, Math.min(5, out.size())));
    return out.size() > 5 ? s + "; …" : s;
  }

  private static void walk(String path, JsonNode a, JsonNode b, List<String> out) {
    if (a != null && b != null && a.isObject() && b.isObject()) {
      TreeSet<String> keys = new TreeSet<>();
      a.fieldNames().forEachRemaining(keys::add);
      for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
        keys.add(it.next());
      }
      for (String k : keys) {
        walk(path.isEmpty() ? k : path + "." + k, a.get(k), b.get(k), out);
      }
    } else if (a == null || b == null || !a.equals(b)) {
      out.add(path + ": " + a + " in the checkpoint, " + b + " now");
    }
  }
}
