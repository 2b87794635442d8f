package dev.autodidact.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildOptionsTest {
  @Test
  void unknownKeyNamesTheKnownOnes() {
    String m = assertThrows(UserInputException.class, () -> BuildOptions.parse(Map.of("conv.froward", "conv"))).getMessage();
    assertTrue(m.startsWith("unknown graph build option conv.froward; known: conv.forward, conv.wgrad"), m);
    assertTrue(m.contains("optim.group_below"), m);
  }

  @Test
  void unknownValueNamesTheAllowedOnes() {
    String m = assertThrows(UserInputException.class, () -> new Graph("g", Map.of("relu.grad", "where"))).getMessage();
    assertEquals("graph build option relu.grad cannot be where; allowed: mask, scalar, zeros", m);
    assertThrows(UserInputException.class, () -> BuildOptions.parse(Map.of("optim.group_below", "-1")));
    assertThrows(UserInputException.class, () -> BuildOptions.parse(Map.of("optim.group_below", "lots")));
  }

  @Test
  void givenValuesOverrideDefaultsAndEveryKeyIsListed() {
    Graph g = new Graph("g", Map.of("conv.forward", "conv", "optim.group_below", "0"));
    assertEquals("conv", g.option(BuildOption.CONV_FORWARD));
    assertEquals("0", g.option(BuildOption.OPTIM_GROUP_BELOW));
    assertEquals("mask", g.option(BuildOption.RELU_GRAD));
    Map<String, String> all = g.options().effective();
    assertEquals(BuildOption.values().length, all.size());
    assertEquals("conv", all.get("conv.forward"));
    assertEquals("0", all.get("optim.group_below"));
    assertEquals("16384", new Graph("d").options().effective().get("optim.group_below"));
  }
}
