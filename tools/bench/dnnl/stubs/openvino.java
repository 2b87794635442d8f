package org.bytedeco.openvino.presets;

/**
 * Stand-in for the OpenVINO presets class that bytedeco's onnxruntime presets name in their
 * {@code @Properties(inherit = ...)}: the openvino artifact of that version is not on Maven Central, and
 * the DNNL measurement does not use OpenVINO. Without a class of this name JavaCPP's Loader fails.
 */
public class openvino {}
