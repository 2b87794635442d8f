package dev.autodidact.cli;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.testutil.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportCommandTest {
  @Test
  void exportsARecipe(@TempDir Path tmp) throws Exception {
    Path recipe = tmp.resolve("tiny.json");
    String json = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Path.of("testdata/reference/mae-adamw.json").toFile()).get("recipe").toString();
    Files.writeString(recipe, json);
    Cli.Result r = Cli.run("export", "--recipe", recipe.toString(), "--batch", "2", "--out", tmp.resolve("out").toString());
    assertEquals(0, r.code(), r.err());
    for (String f : new String[] {"train_step.onnx", "eval.onnx", "encoder.onnx", "state.safetensors", "manifest.json"}) {
      assertTrue(Files.isRegularFile(tmp.resolve("out").resolve(f)), f);
    }
    Cli.Result again = Cli.run("export", "--recipe", recipe.toString(), "--out", tmp.resolve("out").toString());
    assertEquals(2, again.code());
    assertTrue(again.err().contains("not empty"), again.err());
  }

  @Test
  void badRecipeIsExit2WithOneLine(@TempDir Path tmp) throws Exception {
    Cli.Result missing = Cli.run("export", "--recipe", tmp.resolve("nope.json").toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("nope.json: no such file"), missing.err());
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, Files.readString(Path.of("models/mae-vit-tiny-32.json")).replace("\"mask_ratio\": 0.75", "\"mask_ratio\": 0.2"));
    Cli.Result r = Cli.run("export", "--recipe", bad.toString(), "--out", tmp.resolve("o").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("mask_ratio") && r.err().lines().count() == 1, r.err());
  }
}
