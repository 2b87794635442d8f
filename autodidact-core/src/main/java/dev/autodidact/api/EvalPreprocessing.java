package dev.autodidact.api;

import dev.autodidact.Preprocessing;
import dev.autodidact.UserInputException;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Window;
import dev.autodidact.data.augment.CenterCrop;
import dev.autodidact.data.augment.GeometricTransform;
import dev.autodidact.data.augment.Interpolation;
import dev.autodidact.data.augment.Normalize;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.data.augment.Resize;
import dev.autodidact.recipe.Recipe;
import java.util.List;

/**
 * Between the public {@link Preprocessing} contract and the data package's decoding and {@code eval}
 * pipeline: the contract of a recipe is read off {@link Presets#eval} (so it is by construction what
 * training-time evaluation does), and a contract is turned back into {@link DecodeOptions} and a
 * {@link Pipeline} that the data package applies.
 */
public final class EvalPreprocessing {
  private EvalPreprocessing() {}

  /** The eval contract of {@code r}: {@link Presets#eval} of its input, its mean/std and its window. */
  public static Preprocessing of(Recipe r) {
    return of(r.input().size(), r.input().channels(), r.input().mean(), r.input().std(),
        r.input().effectiveWindow().toString());
  }

  /**
   * The eval contract for a {@code size}-pixel, {@code channels}-channel model decoded with
   * {@code window} ({@link Preprocessing#WINDOW_SYNTAX}).
   */
  public static Preprocessing of(int size, int channels, List<Double> mean, List<Double> std, String window) {
    Pipeline eval = Presets.eval(size, channels);
    int resize = -1;
    Interpolation interp = null;
    int crop = -1;
    for (GeometricTransform g : eval.geometric()) {
      if (g instanceof Resize rs) {
        resize = rs.size();
        interp = rs.interpolation();
      } else if (g instanceof CenterCrop c) {
        crop = c.size();
      } else {
        throw new IllegalStateException("the eval preset has a " + g + " that Preprocessing cannot describe");
      }
    }
    if (resize < 0 || crop < 0 || !eval.pixel().isEmpty()) {
      throw new IllegalStateException("the eval preset is no longer resize + centre crop: " + eval);
    }
    return new Preprocessing(window, channels, Preprocessing.ChannelConversion.CONVERT, resize, toPublic(interp), crop,
        mean, std);
  }

  /** How files are decoded under {@code p} (default pixel limit). */
  public static DecodeOptions decodeOptions(Preprocessing p) {
    return DecodeOptions.of(p.channels()).withWindow(Window.parse(p.window()));
  }

  /** The deterministic pipeline of {@code p}: resize, centre crop, normalize. */
  public static Pipeline pipeline(Preprocessing p) {
    return new Pipeline("eval", p.crop(), p.channels(),
        List.of(new Resize(p.resize(), toInternal(p.interpolation())), new CenterCrop(p.crop())), List.of(),
        new Normalize(p.mean(), p.std()));
  }

  static Preprocessing.Interpolation toPublic(Interpolation i) {
    return switch (i) {
      case BILINEAR -> Preprocessing.Interpolation.BILINEAR;
      case BICUBIC -> Preprocessing.Interpolation.BICUBIC;
    };
  }

  static Interpolation toInternal(Preprocessing.Interpolation i) {
    return switch (i) {
      case BILINEAR -> Interpolation.BILINEAR;
      case BICUBIC -> Interpolation.BICUBIC;
    };
  }
}
