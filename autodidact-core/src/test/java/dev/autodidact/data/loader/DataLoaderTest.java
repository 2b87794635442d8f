package dev.autodidact.data.loader;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.UserInputException;
import dev.autodidact.data.BadImageException;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.DecodeOptions;
import dev.autodidact.data.Fixtures;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.ImageDecoder;
import dev.autodidact.data.SubsetDataset;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.data.augment.Workspace;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataLoaderTest {
  @TempDir Path dir;

  private static Dataset fashion(int n) {
    Dataset all = Datasets.open(Fixtures.FASHION, Datasets.Options.of(1));
    return new SubsetDataset(all, IntStream.range(0, n).toArray());
  }

  /** Every batch of {@code epochs} epochs, as float arrays plus indices. */
  private static List<float[]> run(Dataset d, Pipeline p, LoaderOptions o, int epochs, List<int[]> indices) {
    List<float[]> out = new ArrayList<>();
    try (DataLoader loader = new DataLoader(d, p, o)) {
      for (int e = 0; e < epochs; e++) {
        try (Epoch epoch = loader.epoch(e)) {
          while (epoch.hasNext()) {
            try (Batch b = epoch.next()) {
              FloatBuffer buf = b.images();
              float[] a = new float[buf.remaining()];
              buf.get(a);
              out.add(a);
              indices.add(b.indices());
            }
          }
        }
      }
    }
    return out;
  }

  @Test
  void sameBatchesWithOneOrFourThreads() {
    Dataset d = fashion(200);
    Pipeline p = Presets.simclr(28, 1, 0.5);
    List<int[]> i1 = new ArrayList<>();
    List<int[]> i4 = new ArrayList<>();
    List<float[]> one = run(d, p, LoaderOptions.training(32, 2, 1, 7), 2, i1);
    List<float[]> four = run(d, p, LoaderOptions.training(32, 2, 4, 7).withPrefetch(3), 2, i4);
    assertEquals(12, one.size()); // 200 / 32 = 6 per epoch, drop-last
    for (int b = 0; b < one.size(); b++) {
      assertArrayEquals(i1.get(b), i4.get(b));
      assertArrayEquals(one.get(b), four.get(b), "batch " + b);
    }
    List<int[]> other = new ArrayList<>();
    List<float[]> seed8 = run(d, p, LoaderOptions.training(32, 2, 2, 8), 1, other);
    assertFalse(Arrays.equals(i1.get(0), other.get(0)), "another seed shuffles differently");
    assertFalse(Arrays.equals(one.get(0), seed8.get(0)));
  }

  @Test
  void layoutRowsIAndIPlusBAreTheTwoViewsOfOneImage() {
    Dataset d = fashion(64);
    Pipeline p = Presets.simclr(28, 1, 0.5);
    int b = 16;
    int view = 28 * 28;
    try (DataLoader loader = new DataLoader(d, p, LoaderOptions.training(b, 2, 2, 3));
        Epoch epoch = loader.epoch(5);
        Batch batch = epoch.next()) {
      assertArrayEquals(new long[] {2 * b, 1, 28, 28}, batch.shape());
      FloatBuffer buf = batch.images();
      assertTrue(buf.isDirect());
      assertEquals(2 * b * view, buf.remaining());
      Workspace ws = new Workspace();
      FloatImage src = new FloatImage();
      for (int i = 0; i < b; i += 5) {
        int idx = batch.index(i);
        assertEquals(d.label(idx), batch.label(i));
        try {
          d.load(idx, null, src);
        } catch (BadImageException e) {
          throw new AssertionError(e);
        }
        for (int v = 0; v < 2; v++) {
          FloatBuffer expected = FloatBuffer.allocate(view);
          p.apply(src, 3, 5, idx, v, ws, expected, 0);
          float[] got = new float[view];
          buf.get((v * b + i) * view, got);
          assertArrayEquals(expected.array(), got, "sample " + i + " view " + v);
        }
      }
    }
  }

  @Test
  void eachEpochIsAPermutationAndEpochsDiffer() {
    Dataset d = fashion(100);
    try (DataLoader loader = new DataLoader(d, Presets.eval(28, 1), LoaderOptions.training(10, 1, 2, 1))) {
      int[] o0 = loader.order(0);
      int[] o1 = loader.order(1);
      assertFalse(Arrays.equals(o0, o1));
      assertArrayEquals(o0, loader.order(0));
      Set<Integer> seen = new HashSet<>();
      try (Epoch e = loader.epoch(0)) {
        while (e.hasNext()) {
          try (Batch b = e.next()) {
            for (int i : b.indices()) {
              assertTrue(seen.add(i), "no sample twice");
            }
          }
        }
      }
      assertEquals(100, seen.size());
    }
  }

  @Test
  void resumeAtABatchPositionReproducesTheRestOfTheEpoch() {
    Dataset d = fashion(120);
    Pipeline p = Presets.simclr(28, 1, 0.5);
    LoaderOptions o = LoaderOptions.training(16, 2, 2, 11);
    List<float[]> full = new ArrayList<>();
    List<float[]> resumed = new ArrayList<>();
    try (DataLoader loader = new DataLoader(d, p, o)) {
      try (Epoch e = loader.epoch(3)) {
        while (e.hasNext()) {
          try (Batch b = e.next()) {
            full.add(copy(b));
          }
        }
      }
    }
    try (DataLoader loader = new DataLoader(d, p, o.withThreads(3)); Epoch e = loader.epoch(3, 4)) {
      assertEquals(4, e.position());
      while (e.hasNext()) {
        try (Batch b = e.next()) {
          assertEquals(4 + resumed.size(), b.position());
          resumed.add(copy(b));
        }
      }
    }
    assertEquals(full.size() - 4, resumed.size());
    for (int i = 0; i < resumed.size(); i++) {
      assertArrayEquals(full.get(4 + i), resumed.get(i));
    }
  }

  @Test
  void evaluationKeepsTheLastShortBatch() {
    Dataset d = fashion(25);
    try (DataLoader loader = new DataLoader(d, Presets.eval(28, 1), LoaderOptions.evaluation(10, 2));
        Epoch e = loader.epoch(0)) {
      assertEquals(3, e.batches());
      e.next().close();
      e.next().close();
      try (Batch last = e.next()) {
        assertEquals(5, last.size());
        assertArrayEquals(new long[] {5, 1, 28, 28}, last.shape());
        assertEquals(5 * 784, last.images().remaining());
        assertArrayEquals(new int[] {20, 21, 22, 23, 24}, last.indices());
      }
      assertFalse(e.hasNext());
    }
  }

  @Test
  void closeStopsEveryThreadAndLaterUseThrows() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    DataLoader loader = new DataLoader(fashion(64), Presets.simclr(28, 1, 0.5), LoaderOptions.training(8, 2, 4, 1));
    Epoch e = loader.epoch(0);
    Batch held = e.next();
    e.next().close();
    loader.close(); // mid-epoch, with work in flight and a batch still held
    loader.close(); // idempotent
    held.close();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (!before.contains(t)) {
        assertFalse(t.isAlive() && t.getName().startsWith("autodidact-data"), "leaked " + t.getName());
      }
    }
    assertThrows(IllegalStateException.class, () -> loader.epoch(1));
    assertThrows(IllegalStateException.class, e::next);
    assertThrows(IllegalStateException.class, held::images);
  }

  @Test
  void closeReturnsOnlyWhenItsThreadsHaveEnded() {
    // Each worker lingers after its executor has terminated (as a pool thread may, for a moment) until the
    // test lets it go or a second passes. close() must wait for that, not return on executor termination.
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    AtomicInteger ended = new AtomicInteger();
    List<Thread> workers = java.util.Collections.synchronizedList(new ArrayList<>());
    Runnable linger = () -> {
      workers.add(Thread.currentThread());
      try {
        release.await(1, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ended.incrementAndGet();
    };
    DataLoader loader = new DataLoader(fashion(64), Presets.eval(28, 1), LoaderOptions.training(8, 1, 2, 1), linger);
    try (Epoch e = loader.epoch(0)) {
      e.next().close();
    }
    loader.close();
    int endedAtClose = ended.get();
    List<String> alive = workers.stream().filter(Thread::isAlive).map(Thread::getName).toList();
    release.countDown();
    assertTrue(endedAtClose >= 1, "close() returned before any worker thread had ended");
    assertEquals(List.of(), alive, "close() returned while worker threads were still running");
  }

  @Test
  void aBatchLargerThanTheDataOrTheBufferLimitIsTheUsersToFix() {
    // both sizes come from the user (--batch, train.batch): UserInputException, which the CLI maps to exit 2
    UserInputException small = assertThrows(UserInputException.class,
        () -> new DataLoader(fashion(10), Presets.eval(28, 1), LoaderOptions.training(16, 1, 1, 1)));
    assertTrue(small.getMessage().contains("10 images is smaller than one batch of 16; lower --batch"), small.getMessage());
    UserInputException huge = assertThrows(UserInputException.class,
        () -> new DataLoader(fashion(10), Presets.eval(28, 1), LoaderOptions.evaluation(1 << 20, 1)));
    assertTrue(huge.getMessage().contains("2 GiB direct-buffer limit; lower --batch"), huge.getMessage());
  }

  @Test
  void holdingEveryBufferIsReportedNotADeadlock() {
    try (DataLoader loader = new DataLoader(fashion(64), Presets.eval(28, 1), LoaderOptions.training(4, 1, 1, 1).withPrefetch(1));
        Epoch e = loader.epoch(0)) {
      Batch a = e.next();
      Batch b = e.next();
      IllegalStateException x = assertThrows(IllegalStateException.class, e::next);
      assertTrue(x.getMessage().contains("close()"), x.getMessage());
      a.close();
      b.close();
      e.next().close();
    }
  }

  @Test
  void workerExceptionSurfacesWithTheFileName() {
    Dataset broken = new Wrapped(fashion(40)) {
      @Override
      public void load(int index, ImageDecoder decoder, FloatImage into) throws BadImageException {
        if (index == 13) {
          throw new IllegalStateException("simulated bug");
        }
        super.load(index, decoder, into);
      }
    };
    try (DataLoader loader = new DataLoader(broken, Presets.eval(28, 1), LoaderOptions.evaluation(8, 3))) {
      Epoch e = loader.epoch(0);
      LoaderException x = assertThrows(LoaderException.class, () -> {
        while (e.hasNext()) {
          e.next().close();
        }
      });
      assertTrue(x.getMessage().contains(broken.source(13)), x.getMessage());
      assertTrue(x.getMessage().contains("simulated bug"), x.getMessage());
      // The loader survives a failed epoch.
      try (Epoch again = loader.epoch(1)) {
        again.next().close();
      }
    }
  }

  @Test
  void unreadableFilesAreSkippedCountedAndReplaced() throws Exception {
    Path root = Fixtures.classFolder(dir.resolve("data"), 2, 10, 8);
    Files.createFile(root.resolve("class0/empty.png"));
    Files.writeString(root.resolve("class1/notes.png"), "not an image");
    Dataset d = Datasets.open(root, Datasets.Options.of(1).withLabels(true));
    assertEquals(22, d.size());
    List<int[]> idx = new ArrayList<>();
    List<float[]> batches = run(d, Presets.simclr(8, 1, 0.5), LoaderOptions.training(11, 2, 2, 5), 2, idx);
    assertEquals(4, batches.size());
    for (int[] b : idx) {
      assertEquals(11, b.length, "batches stay full");
      for (int i : b) {
        assertFalse(d.source(i).endsWith("empty.png") || d.source(i).endsWith("notes.png"));
      }
    }
    try (DataLoader loader = new DataLoader(d, Presets.eval(8, 1), LoaderOptions.evaluation(22, 1))) {
      try (Epoch e = loader.epoch(0)) {
        e.next().close();
      }
      BadInputReport r = loader.badInput();
      assertEquals(2, r.count());
      assertEquals(1, r.byReason().get("empty file"));
      assertTrue(r.files().stream().anyMatch(f -> f.contains("notes.png") && f.contains("not an image")));
    }
  }

  @Test
  void tooManyUnreadableFilesStopWithAClearError() throws Exception {
    Path root = Fixtures.classFolder(dir.resolve("data"), 1, 8, 8);
    for (int i = 0; i < 3; i++) {
      Files.createFile(root.resolve("class0/bad" + i + ".png"));
    }
    Dataset d = Datasets.open(root, Datasets.Options.of(1));
    try (DataLoader loader = new DataLoader(d, Presets.eval(8, 1), LoaderOptions.evaluation(4, 2));
        Epoch e = loader.epoch(0)) {
      DataException x = assertThrows(DataException.class, () -> {
        while (e.hasNext()) {
          e.next().close();
        }
      });
      assertTrue(x.getMessage().contains("unreadable"), x.getMessage());
      assertTrue(x.getMessage().contains("inspect-data"), x.getMessage());
    }
  }

  @Test
  void decodeCacheMeansEachFileIsDecodedOnce() throws Exception {
    Path root = Fixtures.classFolder(dir.resolve("data"), 2, 8, 8);
    AtomicInteger loads = new AtomicInteger();
    Dataset counted = new Wrapped(Datasets.open(root, Datasets.Options.of(1))) {
      @Override
      public void load(int index, ImageDecoder decoder, FloatImage into) throws BadImageException {
        loads.incrementAndGet();
        super.load(index, decoder, into);
      }
    };
    List<int[]> idx = new ArrayList<>();
    run(counted, Presets.simclr(8, 1, 0.5), LoaderOptions.training(4, 2, 2, 1), 3, idx);
    assertEquals(16, loads.get());
    loads.set(0);
    run(counted, Presets.simclr(8, 1, 0.5), LoaderOptions.training(4, 2, 2, 1).withCacheBytes(0), 3, idx);
    assertEquals(48, loads.get());
  }

  private static float[] copy(Batch b) {
    FloatBuffer buf = b.images();
    float[] a = new float[buf.remaining()];
    buf.get(a);
    return a;
  }

  /** Delegates everything; tests override load. */
  private static class Wrapped implements Dataset {
    private final Dataset base;

    Wrapped(Dataset base) {
      this.base = base;
    }

    @Override
    public int size() {
      return base.size();
    }

    @Override
    public String source(int index) {
      return base.source(index);
    }

    @Override
    public int label(int index) {
      return base.label(index);
    }

    @Override
    public List<String> classes() {
      return base.classes();
    }

    @Override
    public DecodeOptions decodeOptions() {
      return base.decodeOptions();
    }

    @Override
    public void load(int index, ImageDecoder decoder, FloatImage into) throws BadImageException {
      base.load(index, decoder, into);
    }
  }
}
