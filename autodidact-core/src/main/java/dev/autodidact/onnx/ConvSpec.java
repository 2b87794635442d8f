package dev.autodidact.onnx;

import java.util.Arrays;

/**
 * Geometry of a convolution or pooling window over {@code n} spatial axes: strides, pads (ONNX layout:
 * all begins then all ends), dilations, groups, and for ConvTranspose the output padding.
 */
public record ConvSpec(long[] strides, long[] pads, long[] dilations, long group, long[] outputPadding) {
  public ConvSpec {
    int n = strides.length;
    if (pads.length != 2 * n || dilations.length != n || outputPadding.length != n) {
      throw new IllegalArgumentException("ConvSpec: arrays do not match " + n + " spatial axes");
    }
    for (int i = 0; i < n; i++) {
      if (strides[i] < 1 || dilations[i] < 1 || pads[i] < 0 || pads[i + n] < 0 || outputPadding[i] < 0) {
        throw new IllegalArgumentException("ConvSpec: bad geometry " + describe(strides, pads, dilations));
      }
    }
    if (group < 1) {
      throw new IllegalArgumentException("ConvSpec: group must be >= 1, got " + group);
    }
    strides = strides.clone();
    pads = pads.clone();
    dilations = dilations.clone();
    outputPadding = outputPadding.clone();
  }

  /** 2-D, square stride and symmetric padding, no dilation, one group. */
  public static ConvSpec of2d(long stride, long pad) {
    return new ConvSpec(new long[] {stride, stride}, new long[] {pad, pad, pad, pad}, new long[] {1, 1}, 1,
        new long[] {0, 0});
  }

  public ConvSpec withGroup(long g) {
    return new ConvSpec(strides, pads, dilations, g, outputPadding);
  }

  public ConvSpec withDilations(long... d) {
    return new ConvSpec(strides, pads, d, group, outputPadding);
  }

  public ConvSpec withOutputPadding(long... op) {
    return new ConvSpec(strides, pads, dilations, group, op);
  }

  public int spatialRank() {
    return strides.length;
  }

  @Override
  public long[] strides() {
    return strides.clone();
  }

  @Override
  public long[] pads() {
    return pads.clone();
  }

  @Override
  public long[] dilations() {
    return dilations.clone();
  }

  @Override
  public long[] outputPadding() {
    return outputPadding.clone();
  }

  /** True if every output padding is 0. */
  public boolean noOutputPadding() {
    return Arrays.stream(outputPadding).allMatch(v -> v == 0);
  }

  private static String describe(long[] s, long[] p, long[] d) {
    return "strides " + Arrays.toString(s) + " pads " + Arrays.toString(p) + " dilations " + Arrays.toString(d);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ConvSpec c && Arrays.equals(strides, c.strides) && Arrays.equals(pads, c.pads)
        && Arrays.equals(dilations, c.dilations) && group == c.group && Arrays.equals(outputPadding, c.outputPadding);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(strides) * 31 + Arrays.hashCode(pads) * 7 + Arrays.hashCode(dilations) + (int) group;
  }

  @Override
  public String toString() {
    return describe(strides, pads, dilations) + " group " + group + " output_padding " + Arrays.toString(outputPadding);
  }
}
