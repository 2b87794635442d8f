package dev.autodidact.optim;

import dev.autodidact.recipe.Recipe;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fine-tuning learning-rate factor of each parameter ({@link Recipe.Finetune}): the head at 1, the
 * encoder at {@code encoder_lr_scale}; for a ViT further times {@code layer_decay^(d + 1 − layer)} with
 * layer 0 = patch embedding and cls token, i + 1 = block i and d + 1 = the final norm (MAE's
 * {@code param_groups_lrd}).
 */
public final class LrScales {
  private LrScales() {}

  /** Factors for {@code names} under {@code recipe}; every factor is 1 for recipes that are not classifiers. */
  public static Map<String, Double> of(Recipe recipe, List<String> names) {
    Map<String, Double> r = new LinkedHashMap<>();
    Recipe.Finetune ft = recipe.finetuneOrDefault();
    boolean classifier = recipe.classifier() != null; // only the classifier method has this section (optim may not see method/)
    for (String n : names) {
      if (!classifier || !n.startsWith("encoder.")) {
        r.put(n, 1.0);
        continue;
      }
      double s = ft.encoderLrScale();
      Recipe.Encoder enc = recipe.encoder();
      if (enc.type().equals("vit")) {
        int depth = enc.depth();
        s *= Math.pow(ft.layerDecay(), depth + 1 - vitLayer(n, depth));
      }
      r.put(n, s);
    }
    return r;
  }

  /** 0 for the embedding and tokens, i + 1 for block i, depth + 1 for the final norm. */
  static int vitLayer(String name, int depth) {
    String local = name.substring("encoder.".length());
    if (local.startsWith("block")) {
      int end = local.indexOf('.');
      return Integer.parseInt(local.substring(5, end)) + 1;
    }
    return local.startsWith("norm.") ? depth + 1 : 0;
  }

  /** Whether every factor is 1 (no grouping needed). */
  public static boolean uniform(Map<String, Double> scales) {
    return scales.values().stream().allMatch(v -> v == 1.0);
  }
}
