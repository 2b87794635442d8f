package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV split column, blank labels, and manifests as Commons CSV reads them. */
class SplitsAndLabelsTest {
  @TempDir Path dir;

  private Path manifest(String body) throws Exception {
    for (String f : List.of("a", "b", "c", "d", "e", "f")) {
      Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve(f + ".png"));
    }
    return Files.writeString(dir.resolve("m.csv"), body);
  }

  private static List<String> names(Dataset d) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < d.size(); i++) {
      out.add(Path.of(d.source(i)).getFileName().toString());
    }
    return out;
  }

  @Test
  void pretrainingNeverSeesTestOrValidationRows() throws Exception {
    Path csv = manifest("path,label,split\na.png,x,train\nb.png,,\nc.png,y,test\nd.png,,unlabelled\ne.png,x,val\nf.png,y,TRAIN\n");
    Dataset pre = Datasets.open(csv, Split.pretraining(), DecodeOptions.of(1));
    assertEquals(List.of("a.png", "b.png", "d.png", "f.png"), names(pre));
    assertEquals(List.of("c.png"), names(Datasets.open(csv, Split.of("test"), DecodeOptions.of(1))));
    assertEquals(List.of("a.png", "e.png", "f.png"), names(Datasets.open(csv, Split.parse("train,val"), DecodeOptions.of(1))));
    assertEquals(6, Datasets.open(csv, Split.parse("all"), DecodeOptions.of(1)).size());
    assertEquals("test", Split.of("test").idxPart());
    assertEquals("train", Split.pretraining().idxPart());
    assertEquals("test", Split.of("t10k").idxPart());
    assertEquals("train", Split.all().idxPart());
    UserInputException none = assertThrows(UserInputException.class,
        () -> Datasets.open(Fixtures.FASHION, Split.parse("val"), DecodeOptions.of(1)));
    assertTrue(none.getMessage().startsWith("--split val: an IDX folder has the splits train and test"), none.getMessage());
    assertThrows(UserInputException.class, () -> Split.parse("train,test").idxPart());
  }

  @Test
  void eachRowNamesTheLineItStartsOnAfterQuotedLineBreaksAndBlankLines() throws Exception {
    // lines: 1 header, 2 a, 3-4 one quoted path with a line break, 5 blank, 6 d, 7 e (no line break at the end)
    Path csv = manifest("\uFEFFpath,label\na.png,x\n\"b\nc.png\",y\n\nd.png,z\ne.png,w");
    assertEquals(List.of(2L, 3L, 6L, 7L), CsvManifest.read(csv).rows().stream().map(CsvManifest.Row::line).toList());
    Path bad = manifest("path,label\na.png,x\n\"b\nc.png\",y\n,w\n");
    DataException e = assertThrows(DataException.class, () -> CsvManifest.read(bad));
    assertTrue(e.getMessage().startsWith(bad + ":5: no path"), e.getMessage());
  }

  @Test
  void blankLabelsAreUnlabelledAndAnAllBlankColumnIsAnErrorNamingIt() throws Exception {
    Path csv = manifest("path,label,split\na.png,,train\nb.png,,train\nc.png,cat,test\n");
    Dataset d = Datasets.open(csv, Split.of("train"), DecodeOptions.of(1));
    assertEquals(Dataset.NO_LABEL, d.label(0));
    DataException e = assertThrows(DataException.class, () -> Datasets.openLabelled(csv, Split.of("train"), DecodeOptions.of(1)));
    assertTrue(e.getMessage().contains("column `label`") && e.getMessage().contains("blank"), e.getMessage());
    assertEquals(1, Datasets.openLabelled(csv, Split.of("test"), DecodeOptions.of(1)).size());
  }

  @Test
  void emptySplitSelectionNamesTheSplit() throws Exception {
    Path csv = manifest("path,label,split\na.png,x,test\n");
    DataException e = assertThrows(DataException.class, () -> Datasets.open(csv, Split.pretraining(), DecodeOptions.of(1)));
    assertTrue(e.getMessage().contains("no rows with split train"), e.getMessage());
  }

  @Test
  void commonsCsvReadsQuotesLineBreaksAndAnyColumnOrder() throws Exception {
    Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve("x \"q\".png"));
    Path csv = manifest("\uFEFFSplit,extra,Path,Label\ntrain,\"multi\nline note\",\"x \"\"q\"\".png\",\"a, b\"\n,,c.png,z\n");
    CsvManifest m = CsvManifest.read(csv);
    assertTrue(m.hasLabelColumn());
    assertEquals(2, m.rows().size());
    assertEquals("x \"q\".png", m.rows().get(0).path().getFileName().toString());
    assertEquals("a, b", m.rows().get(0).label());
    assertEquals("train", m.rows().get(0).split());
    assertEquals("", m.rows().get(1).split());
  }

  @Test
  void malformedCsvIsOneLineNamingTheFile() throws Exception {
    Path csv = manifest("path,label\n\"a.png,x\n");
    DataException e = assertThrows(DataException.class, () -> CsvManifest.read(csv));
    assertTrue(e.getMessage().startsWith(csv.toString()), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void splitSyntaxIsChecked() {
    assertThrows(IllegalArgumentException.class, () -> Split.parse(" , "));
    assertEquals("train,unlabeled,unlabelled+blank", Split.pretraining().toString());
  }

  @Test
  void inspectorCountsLabelledUnlabelledAndSplits() throws Exception {
    Path csv = manifest("path,label,split\na.png,x,train\nb.png,,train\nc.png,y,test\n");
    InspectionReport r = new DataInspector(DecodeOptions.of(1), 1).inspect(csv, Split.of("train"));
    assertEquals(1, r.labelled());
    assertEquals(1, r.unlabelled());
    assertEquals(2, r.splits().get("train"));
    assertEquals(1, r.splits().get("test"));
    assertEquals(2, r.readable());
  }
}
