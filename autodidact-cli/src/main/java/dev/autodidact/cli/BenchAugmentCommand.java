package dev.autodidact.cli;

import dev.autodidact.UserInputException;
import dev.autodidact.method.Methods;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.autodidact.data.DataException;
import dev.autodidact.data.Dataset;
import dev.autodidact.data.Datasets;
import dev.autodidact.data.FloatImage;
import dev.autodidact.data.SampleRandom;
import dev.autodidact.data.augment.Pipeline;
import dev.autodidact.data.augment.Presets;
import dev.autodidact.data.augment.Workspace;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code autodidact bench augment}: augmentation throughput on decoded in-memory images (Fashion-MNIST
 * 28×28 grey for size 28, synthetic RGB at the size otherwise), so it measures augmentation and the
 * write into a direct batch buffer, not decoding. Two views per image for the SimCLR presets, counted
 * once. See {@code tools/bench/augment.sh} for the side-by-side torchvision comparison.
 */
@Command(name = "augment", mixinStandardHelpOptions = true, description = "Augmentation throughput (images/s, both views of an image counted once).")
public final class BenchAugmentCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--preset", defaultValue = Presets.SIMCLR, description = "simclr, simclr-gray, xray (grey, 2 views), mae or eval (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--size", defaultValue = "28", description = "View side in pixels; 28 uses Fashion-MNIST (grey), other sizes synthetic RGB (default: ${DEFAULT-VALUE}).")
  int size;

  @Option(names = "--threads", defaultValue = "1", description = "Worker threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--seconds", defaultValue = "4", description = "Measured time after a warm-up of the same length (default: ${DEFAULT-VALUE}).")
  double seconds;

  @Option(names = "--data", description = "Fashion-MNIST folder for size 28 (default: the bundled sample, else /usr/share/datasets/fashion-mnist).")
  Path data;

  @Option(names = "--json", description = "Print JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (size <= 0 || threads <= 0 || !(seconds > 0)) {
      throw new UserInputException("--size, --threads and --seconds must be positive");
    }
    boolean gray = size == 28;
    // xray is for grey radiographs: synthetic grey images (the first plane of the colour ones), two
    // views as in the SimCLR recipe that uses it.
    boolean xray = preset.equals("xray");
    int channels = gray || xray ? 1 : 3;
    Pipeline pipeline = Presets.byName(preset, size, channels, Presets.defaultStrength(size));
    int views = xray ? 2 : Methods.viewsForPreset(preset);
    List<FloatImage> images = gray ? fashion() : synthetic(size, 64);
    if (xray) {
      images.forEach(img -> img.reshape(1, size, size));
    }
    CountDownLatch start = new CountDownLatch(1);
    AtomicLong done = new AtomicLong();
    long[] window = new long[2];
    List<Thread> workers = new ArrayList<>();
    long warmNanos = (long) (seconds * 1e9);
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread th = new Thread(() -> work(pipeline, images, views, id, start, done), "bench-augment-" + t);
      th.setDaemon(true);
      workers.add(th);
      th.start();
    }
    start.countDown();
    Thread.sleep(warmNanos / 1_000_000);
    window[0] = done.get();
    long t0 = System.nanoTime();
    Thread.sleep(warmNanos / 1_000_000);
    window[1] = done.get();
    long t1 = System.nanoTime();
    workers.forEach(Thread::interrupt);
    for (Thread th : workers) {
      th.join();
    }
    double rate = (window[1] - window[0]) / ((t1 - t0) / 1e9);
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("preset", preset);
    r.put("size", size);
    r.put("channels", channels);
    r.put("views", views);
    r.put("threads", threads);
    r.put("images_per_s", Math.round(rate * 10) / 10.0);
    r.put("images_per_s_per_thread", Math.round(rate / threads * 10) / 10.0);
    var out = spec.commandLine().getOut();
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(r));
    } else {
      out.printf(Locale.ROOT, "%s %dx%d (%d ch, %d views), %d thread(s): %.0f images/s%n", preset, size, size, channels, views, threads, rate);
    }
    out.flush();
    return 0;
  }

  private static void work(Pipeline p, List<FloatImage> images, int views, int id, CountDownLatch start, AtomicLong done) {
    Workspace ws = new Workspace();
    FloatBuffer dst = ByteBuffer.allocateDirect(views * p.viewSize() * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    try {
      start.await();
    } catch (InterruptedException e) {
      return;
    }
    long i = id * 1_000_003L;
    while (!Thread.currentThread().isInterrupted()) {
      FloatImage img = images.get((int) (i % images.size()));
      for (int v = 0; v < views; v++) {
        p.apply(img, 1, 0, i, v, ws, dst, v * p.viewSize());
      }
      i++;
      done.incrementAndGet();
    }
  }

  private List<FloatImage> fashion() {
    Path dir = data;
    if (dir == null) {
      Path bundled = Path.of("testdata", "fashion-mnist-sample");
      dir = Files.isDirectory(bundled) ? bundled : Path.of("/usr/share/datasets/fashion-mnist");
    }
    List<FloatImage> out = new ArrayList<>();
    try {
      Dataset d = Datasets.open(dir, Datasets.Options.of(1));
      for (int i = 0; i < Math.min(d.size(), 2000); i++) {
        FloatImage img = new FloatImage();
        d.load(i, null, img);
        out.add(img);
      }
    } catch (DataException e) {
      throw new UserInputException(e.getMessage() + " (pass --data)", e);
    } catch (Exception e) {
      throw new UserInputException("cannot read Fashion-MNIST from " + dir + ": " + e.getMessage(), e);
    }
    return out;
  }

  /** Smooth random colour fields with some edges: content does not change the cost, size does. */
  static List<FloatImage> synthetic(int size, int count) {
    List<FloatImage> out = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      SampleRandom r = SampleRandom.of(42, 0, n, 0);
      FloatImage img = new FloatImage(3, size, size);
      float[] d = img.data();
      double fx = r.uniform(1, 6);
      double fy = r.uniform(1, 6);
      for (int c = 0; c < 3; c++) {
        double phase = r.uniform(0, 6.28);
        for (int y = 0; y < size; y++) {
          for (int x = 0; x < size; x++) {
            double v = 0.5 + 0.35 * Math.sin(fx * x / size * 6.28 + phase) * Math.cos(fy * y / size * 6.28 + c);
            d[(c * size + y) * size + x] = (float) Math.min(1, Math.max(0, v + 0.1 * r.nextDouble()));
          }
        }
      }
      out.add(img);
    }
    return out;
  }
}
