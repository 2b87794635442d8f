package dev.autodidact.testutil;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * What the logger (slf4j-simple, writing to {@code System.err}) prints while an action runs, copied on
 * to the real stream. Usage: {@code Logs.Captured<Cli.Result> c = Logs.during(() -> Cli.run(...));}
 */
public final class Logs {
  /** The action's result and the log lines it printed. */
  public record Captured<T>(T value, String log) {}

  private Logs() {}

  public static <T> Captured<T> during(Supplier<T> action) {
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    PrintStream was = System.err;
    System.setErr(new PrintStream(new Tee(logs, was), true, StandardCharsets.UTF_8));
    try {
      T value = action.get();
      return new Captured<>(value, logs.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(was);
    }
  }

  /** Writes to both streams. */
  private static final class Tee extends OutputStream {
    private final OutputStream a;
    private final OutputStream b;

    Tee(OutputStream a, OutputStream b) {
      this.a = a;
      this.b = b;
    }

    @Override
    public void write(int x) throws IOException {
      a.write(x);
      b.write(x);
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
      a.write(buf, off, len);
      b.write(buf, off, len);
    }
  }
}
