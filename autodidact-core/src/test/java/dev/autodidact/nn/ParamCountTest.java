package dev.autodidact.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.method.Mae;
import dev.autodidact.method.SimClr;
import dev.autodidact.method.TrainGraph;
import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.recipe.Recipe;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Trainable parameter counts equal the PyTorch reference's (models/README.md, torchvision). */
class ParamCountTest {
  @ParameterizedTest
  @CsvSource({"simclr-resnet18-cifar,11497152", "simclr-resnet-small-28,1324512", "mae-vit-tiny-32,6172720",
      "mae-vit-tiny-28,6162448"})
  void recipesMatchReference(String name, long expected) {
    Recipe r = Recipe.load(Path.of("models", name + ".json"));
    TrainGraph tg = r.method().equals("simclr") ? SimClr.build(r, 1) : Mae.build(r, 1);
    assertEquals(expected, tg.trainableCount());
    assertTrue(tg.trainable().stream().allMatch(ParamSpec::trainable));
    assertEquals(expected, tg.model().paramCount());
  }

  /** torchvision's ResNets without the fc layer (fc = 2048·1000 + 1000 or 512·1000 + 1000). */
  @ParameterizedTest
  @CsvSource({"basic,2;2;2;2,11176512", "basic,3;4;6;3,21284672", "bottleneck,3;4;6;3,23508032"})
  void imagenetResNetsMatchTorchvision(String block, String layers, long expected) {
    String json = """
        {"type": "resnet", "stem": "imagenet", "block": "%s", "layers": [%s], "widths": [64, 128, 256, 512]}"""
        .formatted(block, layers.replace(';', ','));
    Recipe.Encoder enc = Recipe.parse(recipeJson(json)).encoder();
    Graph g = new Graph("resnet");
    ModelBuilder mb = new ModelBuilder(g, ModelBuilder.Mode.EVAL);
    Tensor x = g.input("x", DType.FLOAT, Shape.of(Shape.DYNAMIC, 3, 64, 64));
    ResNet net = new ResNet(3, enc);
    Tensor f;
    try (var s = mb.scope("encoder")) {
      f = net.features(mb, x);
    }
    assertEquals(Shape.of(Shape.DYNAMIC, net.featureDim()), f.shape());
    assertEquals(block.equals("basic") ? 512 : 2048, net.featureDim());
    assertEquals(expected, mb.paramCount());
    if (block.equals("bottleneck")) {
      assertTrue(mb.spec("encoder.stage1.block0.shortcut.conv.weight") != null, "first bottleneck widens to 256");
      assertEquals(Shape.of(64, 3, 7, 7), mb.spec("encoder.stem.conv.weight").shape());
      assertEquals(Shape.of(128, 128, 3, 3), mb.spec("encoder.stage2.block0.conv2.weight").shape());
    }
  }

  static String recipeJson(String encoder) {
    return """
        {"name": "t", "method": "simclr", "input": {"channels": 3, "size": 64, "mean": [0,0,0], "std": [1,1,1]},
         "encoder": %s, "simclr": {"head": [8], "temperature": 0.5},
         "optimizer": {"type": "sgd", "base_lr": 0.1, "weight_decay": 0},
         "schedule": {"warmup_epochs": 0, "epochs": 1, "min_lr": 0}, "augment": {"preset": "simclr", "strength": 0.5},
         "train": {"batch": 2}}""".formatted(encoder);
  }
}
