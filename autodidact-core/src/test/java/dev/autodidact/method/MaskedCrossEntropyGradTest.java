package dev.autodidact.method;

import static dev.autodidact.onnx.DType.DOUBLE;
import static dev.autodidact.onnx.Linalg.gemm;
import static dev.autodidact.selfcheck.InputSpec.fixed;
import static dev.autodidact.selfcheck.InputSpec.normal;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.TensorData;
import dev.autodidact.runtime.Device;
import dev.autodidact.selfcheck.CaseResult;
import dev.autodidact.selfcheck.GradCase;
import dev.autodidact.selfcheck.GradCheck;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The online probe's head and loss against finite differences: a linear layer and the cross-entropy
 * over labelled rows only ({@link ClassifierLoss#maskedSoftmaxCe}); rows with mask 0 carry a label that
 * must not count. (A test rather than a {@code selfcheck} case: selfcheck sits below {@code method}.)
 */
class MaskedCrossEntropyGradTest {
  @Test
  void gradientMatchesFiniteDifferences() {
    GradCase c = new GradCase("network", "linear head, cross-entropy masked to labelled rows", List.of(
        normal("features", DOUBLE, 6, 4), normal("w", DOUBLE, 3, 4), normal("b", DOUBLE, 3),
        fixed("labels", TensorData.longs(Shape.of(6), 0, 2, 1, 1, 0, 2)),
        fixed("mask", TensorData.doubles(Shape.of(6), 1, 1, 0, 1, 0, 1))), t -> ClassifierLoss.maskedSoftmaxCe(
            gemm(t.get(0), t.get(1), t.get(2), 1, 1, false, true), t.get(3), t.get(4)));
    CaseResult r = GradCheck.run(c, Device.CPU);
    assertTrue(r.pass(), () -> c + ": max rel err " + r.maxRelErr() + " > " + r.tolerance()
        + (r.error() == null ? "" : " (" + r.error() + ")"));
  }
}
