package dev.autodidact.finetune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import dev.autodidact.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CheXpert-style multi-label CSVs: uncertain and blank values under each policy. */
class MultiLabelCsvTest {
  @TempDir Path dir;

  private Path csv() throws Exception {
    for (String f : List.of("a.png", "b.png", "c.png")) {
      Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve(f));
    }
    return Files.writeString(dir.resolve("m.csv"),
        "path,Edema,Effusion,split\na.png,1,-1,train\nb.png,0,,train\nc.png,-1.0,1.0,val\n");
  }

  private Targets read(MultiLabelCsv.Uncertain u, MultiLabelCsv.Blank b) throws Exception {
    return MultiLabelCsv.open(csv(), List.of("Edema", "Effusion"), u, b, Split.all(), DecodeOptions.of(1)).targets();
  }

  @Test
  void uncertainPolicies() throws Exception {
    Targets ignore = read(MultiLabelCsv.Uncertain.IGNORE, MultiLabelCsv.Blank.ZEROS);
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, ignore.values());
    assertArrayEquals(new float[] {1, 0, 1, 1, 0, 1}, ignore.counted());
    Targets ones = read(MultiLabelCsv.Uncertain.ONES, MultiLabelCsv.Blank.ZEROS);
    assertArrayEquals(new float[] {1, 1, 0, 0, 1, 1}, ones.values());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, ones.counted());
    Targets zeros = read(MultiLabelCsv.Uncertain.ZEROS, MultiLabelCsv.Blank.IGNORE);
    assertArrayEquals(new float[] {1, 0, 0, 0, 0, 1}, zeros.values());
    assertArrayEquals(new float[] {1, 1, 1, 0, 1, 1}, zeros.counted());
    assertEquals(List.of("Edema", "Effusion"), zeros.classes());
    // Inverse frequency over counted positives: Edema 1, Effusion 1 (zeros policy) -> equal weights.
    assertEquals(List.of(1.0, 1.0), zeros.inverseFrequencyWeights());
  }

  @Test
  void splitSubsetAndBadValues() throws Exception {
    Targets val = MultiLabelCsv.open(csv(), List.of("Effusion"), MultiLabelCsv.Uncertain.IGNORE,
        MultiLabelCsv.Blank.ZEROS, Split.of("val"), DecodeOptions.of(1)).targets();
    assertEquals(1, val.size());
    assertArrayEquals(new float[] {1}, val.values());
    Targets sub = read(MultiLabelCsv.Uncertain.ONES, MultiLabelCsv.Blank.ZEROS).subset(new int[] {2, 0});
    assertArrayEquals(new float[] {1, 1, 1, 1}, sub.values());
    Files.writeString(dir.resolve("bad.csv"), "path,Edema\na.png,maybe\n");
    UserInputException e = assertThrows(UserInputException.class, () -> MultiLabelCsv.open(dir.resolve("bad.csv"),
        List.of("Edema"), MultiLabelCsv.Uncertain.IGNORE, MultiLabelCsv.Blank.ZEROS, Split.all(), DecodeOptions.of(1)));
    assertTrue(e.getMessage().contains("bad.csv:2") && e.getMessage().contains("Edema"), e.getMessage());
    e = assertThrows(UserInputException.class, () -> MultiLabelCsv.open(csv(), List.of("Nodule"),
        MultiLabelCsv.Uncertain.IGNORE, MultiLabelCsv.Blank.ZEROS, Split.all(), DecodeOptions.of(1)));
    assertTrue(e.getMessage().contains("no column `Nodule`"), e.getMessage());
  }
}
