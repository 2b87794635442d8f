package dev.autodidact.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import dev.autodidact.finetune.MultiLabelCsv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors about a CSV row name the line it starts on, 1-based with the header as line 1, also after a
 * quoted field holding a line break and after blank lines (the parser reads one record ahead).
 */
class CsvLineNumbersTest {
  @TempDir Path dir;

  @Test
  void aBadManifestRowIsNamedByItsOwnLine() throws Exception {
    // line 1 header, 2-3 one record (quoted label with a line break), 4 blank, 5 the bad row, 6 a good one
    Path csv = Files.writeString(dir.resolve("m.csv"), "path,label\na.png,\"two\nlines\"\n\n,cat\nb.png,dog\n");
    DataException e = assertThrows(DataException.class, () -> CsvManifest.read(csv));
    assertTrue(e.getMessage().startsWith(csv + ":5: no path"), e.getMessage());
  }

  @Test
  void goodRowsRecordTheLineTheyStartOn() throws Exception {
    Path csv = Files.writeString(dir.resolve("m.csv"), "path,label\r\na.png,\"x\r\ny\"\r\n\r\nb.png,z\r\nc.png,w\r\n");
    List<Long> lines = CsvManifest.read(csv).rows().stream().map(CsvManifest.Row::line).toList();
    assertEquals(List.of(2L, 5L, 6L), lines);
  }

  @Test
  void aBadMultiLabelValueIsNamedByItsOwnLine() throws Exception {
    for (String f : List.of("a.png", "b.png", "c.png")) {
      Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve(f));
    }
    Path csv = Files.writeString(dir.resolve("ml.csv"),
        "path,note,Edema\na.png,\"seen\nagain\",1\nb.png,ok,0\n\nc.png,ok,maybe\n");
    UserInputException e = assertThrows(UserInputException.class, () -> MultiLabelCsv.open(csv, List.of("Edema"),
        MultiLabelCsv.Uncertain.IGNORE, MultiLabelCsv.Blank.ZEROS, Split.all(), DecodeOptions.of(1)));
    assertTrue(e.getMessage().startsWith(csv + ":6: column `Edema`"), e.getMessage());
  }
}
