package dev.autodidact.method;

import dev.autodidact.nn.ModelBuilder;
import dev.autodidact.recipe.Recipe;

/**
 * A training objective (SimCLR, MAE, the supervised classifier, …): everything that differs between
 * objectives lives behind this interface, so the step assembly, the training loop and the commands never
 * test a method's name. Found through {@link Methods#of(Recipe)}, keyed by the recipe's {@code method}.
 *
 * <p>A method owns its graph, the names of its inputs (constants on the implementing class, the images
 * always {@link #IMAGES}), how many augmented views of each image a batch holds, the augmentation preset
 * used when the recipe names none, the inputs it draws per batch in Java (MAE's masks) as a pure function
 * of (seed, epoch, position), and the checks of its recipe section beyond the section's own fields.
 *
 * <pre>{@code
 * Method m = Methods.of(recipe);                    // validated against the recipe
 * TrainGraph tg = m.build(recipe, new ModelBuilder(graph, ModelBuilder.Mode.TRAIN), batch);
 * int views = m.viewsPerSample();                   // SimCLR: 2, rows i and i + B of x
 * }</pre>
 *
 * <p>Adding an objective: one class implementing this interface under {@code method/}, its recipe section
 * in {@code recipe.Recipe}, and one line in {@link Methods} (docs/architecture.md has a worked example).
 */
public interface Method {
  /** Name of the image input {@code x} [views·B, C, H, W] of every method's step graph. */
  String IMAGES = "x";

  /** Augmented views per image: the image input holds {@code viewsPerSample × batch} rows (default 1). */
  default int viewsPerSample() {
    return 1;
  }

  /** The augmentation preset (a {@code data.augment.Presets} name) when the recipe has no {@code augment}. */
  String defaultPreset();

  /** Whether it learns without labels, so {@code pretrain} can run it (default true). */
  default boolean selfSupervised() {
    return true;
  }

  /**
   * Checks what the recipe's own schema cannot: combinations of sections (MAE needs a ViT encoder).
   *
   * @throws dev.autodidact.UserInputException naming the field and the problem
   */
  void validate(Recipe recipe);

  /** The forward graph and loss on {@code mb} for {@code batch} images; declares the method's inputs. */
  TrainGraph build(Recipe recipe, ModelBuilder mb, int batch);

  /**
   * The per-image features the online linear probe ({@link OnlineProbe}) reads from this method's graph,
   * [batch, D], or null when the method has none (the default).
   */
  default dev.autodidact.onnx.Tensor probeFeatures(TrainGraph tg, int batch) {
    return null;
  }

  /**
   * The inputs the method draws in Java for each batch (randomness stays out of the graph); by default
   * {@link DrawnInputs#NONE}.
   */
  default DrawnInputs drawnInputs(Recipe recipe, int batch) {
    return DrawnInputs.NONE;
  }
}
