package dev.autodidact.selfcheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the backward graph of every gradient check to a folder, so external tools
 * ({@code tools/check_onnx.py}: the onnx checker, Python onnxruntime, Netron) can verify what we emit.
 */
public final class SaveGraphs {
  private SaveGraphs() {}

  /** Usage: {@code SaveGraphs DIR}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: SaveGraphs DIR");
      System.exit(2);
    }
    Path dir = Files.createDirectories(Path.of(args[0]));
    List<GradCase> cases = GradCases.all();
    for (int i = 0; i < cases.size(); i++) {
      GradCase c = cases.get(i);
      String file = String.format("%03d-%s.onnx", i, c.op());
      Files.write(dir.resolve(file), GradCheck.models(c).backward().toByteArray());
    }
    System.out.println("wrote " + cases.size() + " graphs to " + dir);
  }
}
