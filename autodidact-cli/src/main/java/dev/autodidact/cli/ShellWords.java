package dev.autodidact.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Commands printed for the user to paste: each word quoted for a POSIX shell when it needs it, so a
 * path with spaces, quotes or {@code $} works as printed.
 */
final class ShellWords {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

  private ShellWords() {}

  /** {@code word}, single-quoted (with embedded single quotes escaped) unless it is plain. */
  static String quote(String word) {
    if (PLAIN.matcher(word).matches()) {
      return word;
    }
    return "'" + word.replace("'", "'\\''") + "'";
  }

  /** The words joined by spaces, each quoted as needed. */
  static String join(List<String> words) {
    return words.stream().map(ShellWords::quote).collect(Collectors.joining(" "));
  }

  /**
   * What continues an interrupted run: {@code autodidact} and the command line it was started with ({@code args}, as
   * picocli's {@code originalArgs}), with {@code --resume} added unless one is there.
   */
  static String resumeCommand(List<String> args) {
    List<String> words = new ArrayList<>(args);
    if (words.stream().noneMatch(a -> a.startsWith("--resume"))) {
      words.add("--resume");
    }
    return "autodidact " + join(words);
  }
}
