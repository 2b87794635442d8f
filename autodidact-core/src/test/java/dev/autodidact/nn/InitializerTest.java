package dev.autodidact.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.method.Mae;
import dev.autodidact.method.SimClr;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.recipe.Recipe;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Initial values have the reference distributions (tested by statistics) and are deterministic per name. */
class InitializerTest {
  static double mean(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x;
    }
    return s / v.length;
  }

  static double std(float[] v) {
    double m = mean(v);
    double s = 0;
    for (float x : v) {
      s += (x - m) * (x - m);
    }
    return Math.sqrt(s / v.length);
  }

  static double maxAbs(float[] v) {
    double m = 0;
    for (float x : v) {
      m = Math.max(m, Math.abs(x));
    }
    return m;
  }

  static void assertClose(double expect, double actual, double rel, String what) {
    assertTrue(Math.abs(actual - expect) <= rel * Math.abs(expect), what + ": expected ~" + expect + ", got " + actual);
  }

  @Test
  void resnetAndHeadFollowTorchvisionAndPyTorchDefaults() {
    ModelBuilder mb = SimClr.build(Recipe.load(Path.of("models/simclr-resnet-small-28.json")), 1).model();
    Map<String, TensorData> v = new Initializer(7).values(mb.specs(), DType.FLOAT);
    // conv [128, 64, 3, 3]: kaiming normal, fan_out = 128·9.
    float[] conv = v.get("encoder.stage3.block0.conv1.weight").toFloats();
    assertClose(Math.sqrt(2.0 / (128 * 9)), std(conv), 0.03, "kaiming std");
    assertEquals(0, mean(conv), 0.002);
    assertTrue(v.get("encoder.stage3.block0.bn1.weight").toFloats()[5] == 1f);
    assertEquals(0, maxAbs(v.get("encoder.stage3.block0.bn1.bias").toFloats()));
    assertEquals(0, maxAbs(v.get("encoder.stage3.block0.bn1.running_mean").toFloats()));
    assertTrue(v.get("encoder.stage3.block0.bn1.running_var").toFloats()[0] == 1f);
    // head.fc1 [256, 256]: U(±1/16) weight and bias.
    float[] w = v.get("head.fc1.weight").toFloats();
    assertTrue(maxAbs(w) <= 1 / 16.0 && maxAbs(w) > 0.99 / 16);
    assertClose(1 / 16.0 / Math.sqrt(3), std(w), 0.03, "torch linear std");
    float[] b = v.get("head.fc1.bias").toFloats();
    assertTrue(maxAbs(b) <= 1 / 16.0 && std(b) > 0.02);
  }

  @Test
  void vitFollowsMae() {
    ModelBuilder mb = Mae.build(Recipe.load(Path.of("models/mae-vit-tiny-32.json")), 1).model();
    Initializer init = new Initializer(1);
    List<ParamSpec> some = mb.specs().stream().filter(s -> s.name().startsWith("encoder.block0.")
        || !s.name().contains(".block")).toList();
    Map<String, TensorData> v = init.values(some, DType.FLOAT);
    float[] qkv = v.get("encoder.block0.attn.qkv.weight").toFloats(); // [576, 192]
    double bound = Math.sqrt(6.0 / (192 + 576));
    assertTrue(maxAbs(qkv) <= bound && maxAbs(qkv) > 0.99 * bound);
    assertClose(bound / Math.sqrt(3), std(qkv), 0.03, "xavier std");
    float[] pe = v.get("encoder.patch_embed.weight").toFloats(); // [192, 48]
    assertTrue(maxAbs(pe) <= Math.sqrt(6.0 / (192 + 48)));
    assertEquals(0, maxAbs(v.get("encoder.block0.attn.qkv.bias").toFloats()));
    assertEquals(0, maxAbs(v.get("decoder.pred.bias").toFloats()));
    assertClose(0.02, std(v.get("encoder.cls_token").toFloats()), 0.25, "cls token std");
    assertClose(0.02, std(v.get("decoder.mask_token").toFloats()), 0.25, "mask token std");
    assertTrue(v.get("encoder.norm.weight").toFloats()[0] == 1f);
    assertEquals(Role.TOKEN, mb.spec("encoder.cls_token").role());
    assertTrue(mb.spec("encoder.cls_token").decay(), "tokens are decayed (rank 3), as in MAE");
    assertFalse(mb.spec("encoder.norm.weight").decay());
    assertFalse(mb.spec("encoder.block0.attn.qkv.bias").decay());
  }

  @Test
  void valuesDependOnSeedAndNameOnly() {
    ParamSpec a = new ParamSpec("x.weight", Shape.of(4, 5), Role.WEIGHT, new Init.Normal(1));
    ParamSpec b = new ParamSpec("y.weight", Shape.of(4, 5), Role.WEIGHT, new Init.Normal(1));
    Initializer init = new Initializer(3);
    float[] alone = init.value(a, DType.FLOAT).toFloats();
    float[] withOther = init.values(List.of(b, a), DType.FLOAT).get("x.weight").toFloats();
    assertArrayEquals(alone, withOther);
    assertFalse(java.util.Arrays.equals(alone, init.value(b, DType.FLOAT).toFloats()));
    assertFalse(java.util.Arrays.equals(alone, new Initializer(4).value(a, DType.FLOAT).toFloats()));
    assertArrayEquals(alone, new Initializer(3).value(a, DType.FLOAT).toFloats());
  }
}
