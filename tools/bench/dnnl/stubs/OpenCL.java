package org.bytedeco.opencl.presets;

/** Stand-in for the OpenCL presets class the dnnl presets inherit (not on Maven Central; not used on CPU). */
public class OpenCL {}
