package dev.autodidact.optim;

import dev.autodidact.onnx.DType;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.ShapeOps;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each parameter lives in the flat optimizer state of {@link Flat}: two segments, decayed and
 * not decayed, each the concatenation of its parameters flattened in slot order. Converts flat moment
 * values to and from the per-tensor form ({@code opt.<moment>.<param>}), so checkpoints stay readable
 * by PyTorch users and a run can switch layouts.
 */
public record FlatLayout(List<Segment> segments) {
  /** One placed parameter: element offset within its segment. */
  public record Entry(String name, Shape shape, long offset) {}

  /** A segment: its name ({@code decay} or {@code no_decay}), entries and total element count. */
  public record Segment(String name, boolean decay, List<Entry> entries, long size) {
    public Segment {
      entries = List.copyOf(entries);
    }
  }

  public FlatLayout {
    segments = List.copyOf(segments);
  }

  /** The layout for these slots; empty segments are left out. */
  public static FlatLayout of(List<Slot> slots) {
    List<Segment> segs = new ArrayList<>();
    for (boolean decay : new boolean[] {true, false}) {
      List<Entry> es = new ArrayList<>();
      long off = 0;
      for (Slot s : slots) {
        if (s.decay() == decay) {
          es.add(new Entry(s.name(), s.param().shape(), off));
          off += s.param().shape().numel();
        }
      }
      if (!es.isEmpty()) {
        segs.add(new Segment(decay ? "decay" : "no_decay", decay, es, off));
      }
    }
    return new FlatLayout(segs);
  }

  /** The tensors flattened (rank-1 ones as they are) and concatenated in order into one vector. */
  static Tensor concatFlat(List<Tensor> ts) {
    List<Tensor> flat = ts.stream().map(t -> t.rank() == 1 ? t : ShapeOps.reshape(t, -1)).toList();
    return flat.size() == 1 ? flat.get(0) : ShapeOps.concat(0, flat);
  }

  /** The inverse of {@link #concatFlat}: the vector split back into tensors of these shapes. */
  static List<Tensor> splitFlat(Tensor flat, List<Shape> shapes) {
    long[] sizes = shapes.stream().mapToLong(Shape::numel).toArray();
    List<Tensor> parts = shapes.size() == 1 ? List.of(flat) : ShapeOps.split(flat, 0, sizes);
    List<Tensor> r = new ArrayList<>();
    for (int j = 0; j < shapes.size(); j++) {
      Shape shape = shapes.get(j);
      r.add(shape.rank() == 1 ? parts.get(j) : ShapeOps.reshape(parts.get(j), shape));
    }
    return r;
  }

  /** The state input name of {@code moment} in segment {@code segment}. */
  public static String stateName(String moment, String segment) {
    return "opt.flat." + segment + "." + moment;
  }

  /** Flat state values → per-tensor values named {@code opt.<moment>.<param>}. */
  public Map<String, TensorData> toPerTensor(List<String> moments, Map<String, TensorData> flat) {
    Map<String, TensorData> r = new LinkedHashMap<>();
    for (String m : moments) {
      for (Segment s : segments) {
        TensorData v = flat.get(stateName(m, s.name()));
        if (v == null || v.dtype() != DType.FLOAT || v.size() != s.size()) {
          throw new IllegalArgumentException("flat state " + stateName(m, s.name()) + " missing or not float["
              + s.size() + "]");
        }
        for (Entry e : s.entries()) {
          ByteBuffer b = v.bytes();
          b.position(Math.toIntExact(e.offset() * 4)).limit(Math.toIntExact((e.offset() + e.shape().numel()) * 4));
          ByteBuffer copy = ByteBuffer.allocate(b.remaining()).order(ByteOrder.LITTLE_ENDIAN).put(b).flip();
          r.put(PerTensor.stateName(m, e.name()), TensorData.ofBytes(DType.FLOAT, e.shape(), copy));
        }
      }
    }
    return r;
  }

  /** Per-tensor state values ({@code opt.<moment>.<param>}) → flat values by flat state name. */
  public Map<String, TensorData> fromPerTensor(List<String> moments, Map<String, TensorData> perTensor) {
    Map<String, TensorData> r = new LinkedHashMap<>();
    for (String m : moments) {
      for (Segment s : segments) {
        ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(s.size() * 4)).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry e : s.entries()) {
          String n = PerTensor.stateName(m, e.name());
          TensorData v = perTensor.get(n);
          if (v == null || v.dtype() != DType.FLOAT || !v.shape().equals(e.shape())) {
            throw new IllegalArgumentException("state " + n + " missing or not float" + e.shape());
          }
          b.put(v.bytes());
        }
        r.put(stateName(m, s.name()), TensorData.ofBytes(DType.FLOAT, Shape.of(s.size()), b.flip()));
      }
    }
    return r;
  }
}
