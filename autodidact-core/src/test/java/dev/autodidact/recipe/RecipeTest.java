package dev.autodidact.recipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeTest {
  @Test
  void everyBundledRecipeLoads() throws Exception {
    try (Stream<Path> s = Files.list(Path.of("models"))) {
      long n = s.filter(p -> p.toString().endsWith(".json")).peek(Recipe::load).count();
      assertTrue(n >= 4, "expected the four reference recipes, found " + n);
    }
  }

  @Test
  void everyTestRecipeLoads() throws Exception {
    try (Stream<Path> s = Files.list(Path.of("testdata/recipes"))) {
      long n = s.filter(p -> p.toString().endsWith(".json")).peek(Recipe::load).count();
      assertTrue(n >= 4, "expected the test recipes, found " + n);
    }
  }

  @Test
  void fieldsAreRead() {
    Recipe r = Recipe.load(Path.of("models/mae-vit-tiny-32.json"));
    assertEquals("mae", r.method());
    assertEquals(0.75, r.mae().maskRatio());
    assertEquals(192, r.encoder().dim());
    assertEquals(1.5e-4 * 512 / 256, r.optimizer().peakLr(512), 1e-12);
  }

  @Test
  void roundTripsThroughJson() {
    Recipe r = Recipe.load(Path.of("models/simclr-resnet18-cifar.json"));
    assertEquals(r, Recipe.parse(r.toJson()));
  }

  @Test
  void badMaskRatioNamesFileAndField(@TempDir Path dir) throws Exception {
    String json = Files.readString(Path.of("models/mae-vit-tiny-32.json")).replace("0.75", "0.3");
    Path f = dir.resolve("bad.json");
    Files.writeString(f, json);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipe.load(f));
    assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("mask_ratio"), e.getMessage());
  }

  @Test
  void unknownKeyIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Recipe.parse("{\"name\":\"x\",\"bogus\":1}"));
  }

  @Test
  void errorsNameTheFieldPathAndTheValue() throws Exception {
    String good = Files.readString(Path.of("models/mae-vit-tiny-32.json"));
    assertEquals("recipe: encoder.heads must be > 0, got -3",
        assertThrows(dev.autodidact.UserInputException.class, () -> Recipe.parse(good.replace("\"heads\": 3", "\"heads\": -3"))).getMessage());
    String typo = assertThrows(dev.autodidact.UserInputException.class,
        () -> Recipe.parse(good.replace("\"norm_pix_loss\"", "\"norm_pixloss\""))).getMessage();
    assertTrue(typo.contains("unknown field mae.norm_pixloss (did you mean norm_pix_loss?)"), typo);
    String type = assertThrows(dev.autodidact.UserInputException.class,
        () -> Recipe.parse(good.replace("\"depth\": 12", "\"depth\": \"deep\""))).getMessage();
    assertTrue(type.contains("encoder.depth: \"deep\" is not a valid integer"), type);
  }

  @Test
  void lastNPastTheEncodersStagesOrBlocksIsRefused() throws Exception {
    String resnet = Files.readString(Path.of("testdata/recipes/tiny-classifier.json"));
    assertEquals("recipe: classifier.mode last:3: the encoder has 2 stages", assertThrows(dev.autodidact.UserInputException.class,
        () -> Recipe.parse(resnet.replace("\"mode\": \"full\"", "\"mode\": \"last:3\""))).getMessage());
    assertEquals("last:2", Recipe.parse(resnet.replace("\"mode\": \"full\"", "\"mode\": \"last:2\"")).classifier().mode());
    String vit = Files.readString(Path.of("testdata/recipes/tiny-classifier-vit.json"));
    assertTrue(vit.contains("\"mode\": \"full\""), vit);
    assertEquals("recipe: classifier.mode last:5: the encoder has 2 blocks", assertThrows(dev.autodidact.UserInputException.class,
        () -> Recipe.parse(vit.replace("\"mode\": \"full\"", "\"mode\": \"last:5\""))).getMessage());
  }
}
