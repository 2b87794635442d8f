package dev.autodidact.method;

import dev.autodidact.UserInputException;
import dev.autodidact.recipe.Recipe;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registry of training objectives, keyed by the recipe's {@code method} (the names of
 * {@link Recipe#METHODS}). The only place that maps a method name to code.
 *
 * <pre>{@code
 * Method m = Methods.of(recipe);
 * }</pre>
 */
public final class Methods {
  private static final Map<String, Method> BY_NAME = Map.of(
      "simclr", SimClr.METHOD,
      "mae", Mae.METHOD,
      "classifier", Classifier.METHOD);

  private Methods() {}

  /** Every registered method by name, sorted. */
  public static Map<String, Method> all() {
    return new TreeMap<>(BY_NAME);
  }

  /** The recipe's method, after its checks of the recipe ({@link Method#validate}). */
  public static Method of(Recipe recipe) {
    Method m = byName(recipe.method());
    m.validate(recipe);
    return m;
  }

  /** The method registered as {@code name}. */
  public static Method byName(String name) {
    Method m = BY_NAME.get(name);
    if (m == null) {
      throw new UserInputException("unknown method " + name + "; known: " + String.join(", ", all().keySet()));
    }
    return m;
  }

  /**
   * Views per image for an augmentation preset, for tools that run a preset without a recipe: those of
   * the method whose default preset the preset's name starts with ({@code simclr-gray} → SimCLR's 2),
   * else 1.
   */
  public static int viewsForPreset(String preset) {
    return BY_NAME.values().stream().filter(m -> preset.startsWith(m.defaultPreset()))
        .mapToInt(Method::viewsPerSample).max().orElse(1);
  }

  /** The names of the self-supervised methods, for messages. */
  public static String selfSupervisedNames() {
    return String.join(", ", all().entrySet().stream().filter(e -> e.getValue().selfSupervised()).map(Map.Entry::getKey)
        .toList());
  }
}
