package dev.autodidact.onnx;

import dev.autodidact.UserInputException;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A validated set of {@link BuildOption} choices; keys not given take their defaults. Parsing refuses an
 * unknown key or value with a message naming the known ones, so a misspelling can never silently select
 * the default or another form.
 *
 * <pre>{@code
 * BuildOptions o = BuildOptions.parse(Map.of("conv.forward", "conv", "ln.forward", "op"));
 * o.get(BuildOption.CONV_FORWARD);   // "conv"
 * o.effective();                      // every key with its value in force, for the export manifest
 * }</pre>
 *
 * @param given the values that were set explicitly
 */
public record BuildOptions(Map<BuildOption, String> given) {
  /** Every option at its default. */
  public static final BuildOptions DEFAULT = new BuildOptions(Map.of());

  public BuildOptions {
    EnumMap<BuildOption, String> m = new EnumMap<>(BuildOption.class);
    m.putAll(given);
    m.forEach((k, v) -> {
      if (!k.allows(v)) {
        throw bad(k, v);
      }
    });
    given = Collections.unmodifiableMap(m);
  }

  /** Parses {@code key → value} strings (command-line {@code --option}, benchmark variants). */
  public static BuildOptions parse(Map<String, String> options) {
    EnumMap<BuildOption, String> m = new EnumMap<>(BuildOption.class);
    options.forEach((k, v) -> {
      BuildOption o = BuildOption.byKey(k);
      if (o == null) {
        throw new UserInputException("unknown graph build option " + k + "; known: "
            + Arrays.stream(BuildOption.values()).map(BuildOption::key).collect(Collectors.joining(", ")));
      }
      m.put(o, v);
    });
    return new BuildOptions(m);
  }

  private static UserInputException bad(BuildOption k, String v) {
    return new UserInputException("graph build option " + k.key() + " cannot be " + v + "; allowed: " + k.describeValues());
  }

  /** The value in force for {@code o}. */
  public String get(BuildOption o) {
    return given.getOrDefault(o, o.defaultValue());
  }

  /** Every key with the value in force, in declaration order (recorded in export manifests). */
  public Map<String, String> effective() {
    Map<String, String> m = new LinkedHashMap<>();
    for (BuildOption o : BuildOption.values()) {
      m.put(o.key(), get(o));
    }
    return m;
  }

  /** The explicitly given values by key. */
  public Map<String, String> asStrings() {
    Map<String, String> m = new LinkedHashMap<>();
    given.forEach((k, v) -> m.put(k.key(), v));
    return m;
  }
}
