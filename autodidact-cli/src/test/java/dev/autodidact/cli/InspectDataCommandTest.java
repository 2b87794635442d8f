package dev.autodidact.cli;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.Fixtures;
import dev.autodidact.testutil.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectDataCommandTest {
  @TempDir Path dir;

  @Test
  void messyFolderIsReportedWithEveryBadFileAndExitZero() throws Exception {
    Path root = Fixtures.classFolder(dir.resolve("xray"), 2, 3, 8);
    Fixtures.write(Fixtures.gray16(10, 12), "tiff", root.resolve("class1/scan16.tif"));
    Files.createFile(root.resolve("class0/empty.png"));
    Files.writeString(root.resolve("class1/report.jpg"), "not an image");
    Fixtures.write(Fixtures.gray8(4, 4), "png", root.resolve("class0/misnamed.jpg"));
    Cli.Result r = Cli.run("inspect-data", "--data", root.toString(), "--json", "--threads", "2");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(8, j.get("readable").asInt());
    assertEquals(2, j.get("unreadable").size());
    assertTrue(j.get("unreadable").get(0).get("path").asText().endsWith("empty.png"));
    assertEquals("empty file (0 bytes)", j.get("unreadable").get(0).get("reason").asText());
    assertEquals(7, j.get("formats").get("png").asInt());
    assertEquals(1, j.get("formats").get("tiff").asInt());
    assertEquals(1, j.get("bit_depths").get("16").asInt());
    assertEquals(4, j.get("labels").get("class0").asInt());
    assertEquals(4, j.get("width").get("min").asInt());
    assertEquals(12, j.get("height").get("max").asInt());
    assertEquals(1, j.get("extension_mismatch").size());
  }

  @Test
  void bundledSampleAndUnusablePath() {
    Cli.Result ok = Cli.run("inspect-data", "--data", Fixtures.FASHION.toString());
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("readable:   2500"), ok.out());
    Cli.Result bad = Cli.run("inspect-data", "--data", dir.resolve("missing").toString());
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("does not exist"), bad.err());
  }

  @Test
  void csvWithMissingFilesIsReportedNotFatal() throws Exception {
    Fixtures.write(Fixtures.gray8(4, 4), "png", dir.resolve("a.png"));
    Path csv = Files.writeString(dir.resolve("m.csv"), "path,label\na.png,x\ngone.png,y\n");
    Cli.Result r = Cli.run("inspect-data", "--data", csv.toString(), "--json");
    assertEquals(0, r.code(), r.err());
    JsonNode j = new ObjectMapper().readTree(r.out());
    assertEquals(1, j.get("readable").asInt());
    assertTrue(j.get("unreadable").get(0).get("reason").asText().startsWith("file not found"));
    assertEquals(1, j.get("labels").get("x").asInt());
  }
}
