package dev.autodidact.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RepresentationStatsTest {
  @Test
  void rankOneEmbeddingsHaveRankMeOne() {
    float[] dir = {0.3f, -1.2f, 0.5f, 2f, 0.1f, -0.7f, 0.9f, 1.1f};
    float[][] z = new float[50][];
    for (int i = 0; i < z.length; i++) {
      z[i] = new float[dir.length];
      for (int d = 0; d < dir.length; d++) {
        z[i][d] = (i - 20) * 0.1f * dir[d];
      }
    }
    assertEquals(1.0, RepresentationStats.rankMe(z), 1e-4);
  }

  @Test
  void isotropicGaussianRankMeIsCloseToTheDimension() {
    Random r = new Random(7);
    int dim = 32;
    float[][] z = gaussian(r, 4096, dim);
    double rank = RepresentationStats.rankMe(z);
    assertTrue(rank > 0.97 * dim && rank <= dim, "rankme " + rank);
    // fewer samples than dimensions: bounded by the sample count
    assertTrue(RepresentationStats.rankMe(gaussian(r, 8, dim)) <= 8 + 1e-6);
  }

  @Test
  void collapsedEmbeddingsHaveZeroStdAndWorstUniformity() {
    float[][] z = new float[10][];
    for (int i = 0; i < z.length; i++) {
      z[i] = new float[] {1, 2, 3};
    }
    RepresentationStats s = RepresentationStats.of(z);
    assertEquals(0, s.std(), 1e-7);
    assertEquals(0, s.uniformity(), 1e-7); // log E exp(0)
    assertEquals(0, RepresentationStats.alignment(z, z), 1e-12);
  }

  @Test
  void matchesThePyTorchReference() throws Exception {
    JsonNode ref = new ObjectMapper().readTree(Path.of("testdata/reference/representation-stats.json").toFile());
    float[][] z = matrix(ref.get("embeddings"));
    RepresentationStats s = RepresentationStats.of(z);
    assertEquals(ref.get("rankme").asDouble(), s.rankMe(), 1e-6);
    assertEquals(ref.get("std").asDouble(), s.std(), 1e-6);
    assertEquals(ref.get("uniformity").asDouble(), s.uniformity(), 1e-5);
    assertEquals(ref.get("alignment").asDouble(), RepresentationStats.alignment(z, matrix(ref.get("view2"))), 1e-6);
  }

  @Test
  void rejectsTooFewOrRaggedEmbeddings() {
    assertThrows(IllegalArgumentException.class, () -> RepresentationStats.of(new float[][] {{1, 2}}));
    assertThrows(IllegalArgumentException.class, () -> RepresentationStats.of(new float[][] {{1, 2}, {1}}));
  }

  private static float[][] gaussian(Random r, int n, int dim) {
    float[][] z = new float[n][dim];
    for (float[] row : z) {
      for (int d = 0; d < dim; d++) {
        row[d] = (float) r.nextGaussian();
      }
    }
    return z;
  }

  private static float[][] matrix(JsonNode rows) {
    float[][] z = new float[rows.size()][];
    for (int i = 0; i < z.length; i++) {
      JsonNode row = rows.get(i);
      z[i] = new float[row.size()];
      for (int d = 0; d < z[i].length; d++) {
        z[i][d] = (float) row.get(d).asDouble();
      }
    }
    return z;
  }
}
