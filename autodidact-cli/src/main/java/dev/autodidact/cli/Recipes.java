package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.method.Methods;
import dev.autodidact.recipe.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads a recipe for a command, turning every problem into a one-line user error. */
final class Recipes {
  private Recipes() {}

  static Recipe load(Path path) {
    if (!Files.isRegularFile(path)) {
      throw new UserInputException("recipe " + path + ": no such file");
    }
    Recipe r = Recipe.load(path);
    try {
      Methods.of(r); // the method's own checks of the recipe, reported with the file like the schema's
    } catch (UserInputException e) {
      throw new UserInputException("recipe " + path + ": " + e.getMessage(), e);
    }
    return r;
  }
}
