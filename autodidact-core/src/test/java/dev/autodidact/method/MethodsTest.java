package dev.autodidact.method;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import dev.autodidact.onnx.Shape;
import dev.autodidact.recipe.Recipe;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodsTest {
  @Test
  void everyMethodOfTheSchemaIsRegistered() {
    assertEquals(List.copyOf(new java.util.TreeSet<>(Recipe.METHODS)), List.copyOf(Methods.all().keySet()));
    String m = assertThrows(UserInputException.class, () -> Methods.byName("byol")).getMessage();
    assertEquals("unknown method byol; known: classifier, mae, simclr", m);
  }

  @Test
  void methodsOwnViewsPresetsAndLabels() {
    Recipe simclr = Recipe.load(Path.of("models/simclr-resnet-small-28.json"));
    Recipe mae = Recipe.load(Path.of("models/mae-vit-tiny-32.json"));
    assertEquals(2, Methods.of(simclr).viewsPerSample());
    assertEquals(1, Methods.of(mae).viewsPerSample());
    assertEquals("simclr", Methods.of(simclr).defaultPreset());
    assertEquals("mae", Methods.of(mae).defaultPreset());
    assertTrue(Methods.of(mae).selfSupervised());
    assertFalse(Methods.byName("classifier").selfSupervised());
    assertEquals(2, Methods.viewsForPreset("simclr-gray"));
    assertEquals(1, Methods.viewsForPreset("eval"));
    assertEquals("classifier, mae, simclr".replace("classifier, ", ""), Methods.selfSupervisedNames());
  }

  @Test
  void maeChecksItsEncoder() throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    var mae = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(Path.of("models/mae-vit-tiny-32.json").toFile());
    mae.set("encoder", json.readTree(Path.of("models/simclr-resnet-small-28.json").toFile()).get("encoder"));
    Recipe r = Recipe.parse(mae.toString());
    String m = assertThrows(UserInputException.class, () -> Methods.of(r)).getMessage();
    assertTrue(m.contains("MAE needs a vit encoder"), m);
  }

  @Test
  void maeDrawsItsMasksFromSeedEpochAndPosition() {
    Recipe r = Recipe.load(Path.of("models/mae-vit-tiny-32.json"));
    DrawnInputs d = Methods.of(r).drawnInputs(r, 3);
    assertEquals(Map.of(Mae.IDS_KEEP, Shape.of(3, 16), Mae.IDS_RESTORE, Shape.of(3, 64)), d.shapes());
    long[] a = draw(d, 7, 1, 5);
    assertEquals(java.util.Arrays.toString(a), java.util.Arrays.toString(draw(d, 7, 1, 5)));
    assertFalse(java.util.Arrays.equals(a, draw(d, 7, 1, 6)));
    assertFalse(java.util.Arrays.equals(a, draw(d, 7, 2, 5)));
    assertFalse(java.util.Arrays.equals(a, draw(d, 8, 1, 5)));
    assertEquals(Map.of(), Methods.of(Recipe.load(Path.of("models/simclr-resnet-small-28.json")))
        .drawnInputs(r, 3).shapes());
  }

  private static long[] draw(DrawnInputs d, long seed, int epoch, int position) {
    LongBuffer keep = ByteBuffer.allocateDirect(8 * 3 * 16).order(ByteOrder.nativeOrder()).asLongBuffer();
    LongBuffer restore = ByteBuffer.allocateDirect(8 * 3 * 64).order(ByteOrder.nativeOrder()).asLongBuffer();
    d.draw(seed, epoch, position, Map.of(Mae.IDS_KEEP, keep, Mae.IDS_RESTORE, restore));
    long[] out = new long[3 * 64];
    restore.get(0, out);
    return out;
  }
}
