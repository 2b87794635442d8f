package dev.autodidact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ExportCommandTest {
  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Main.commandLine();
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return new Run(cl.execute(args), out.toString(), err.toString());
  }

  @Test
  void exportsARecipe(@TempDir Path tmp) throws Exception {
    Path recipe = tmp.resolve("tiny.json");
    String json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Path.of("testdata/reference/mae-adamw.json").toFile()).get("recipe").toString();
    Files.writeString(recipe, json);
    Run r = run("export", "--recipe", recipe.toString(), "--batch", "2", "--out", tmp.resolve("out").toString());
    assertEquals(0, r.code(), r.err());
    for (String f : new String[] {"train_step.onnx", "eval.onnx", "encoder.onnx", "state.safetensors", "manifest.json"}) {
      assertTrue(Files.isRegularFile(tmp.resolve("out").resolve(f)), f);
    }
    Run again = run("export", "--recipe", recipe.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(2, again.code());
    assertTrue(again.err().contains("not empty"), again.err());
  }

  @Test
  void badRecipeIsExit2WithOneLine(@TempDir Path tmp) throws Exception {
    Run missing = run("export", "--recipe", tmp.resolve("nope.json").toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope.json: no such file"), missing.err());
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, Files.readString(Path.of("models/mae-vit-tiny-32.json")).replace("\"mask_ratio\": 0.75", "\"mask_ratio\": 0.2"));
    Run r = run("export", "--recipe", bad.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("mask_ratio") && r.err().lines().count() == 1, r.err());
  }
}
