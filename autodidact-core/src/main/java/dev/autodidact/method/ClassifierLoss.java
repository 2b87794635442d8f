package dev.autodidact.method;

import static dev.autodidact.onnx.Elementwise.abs;
import static dev.autodidact.onnx.Elementwise.add;
import static dev.autodidact.onnx.Elementwise.clip;
import static dev.autodidact.onnx.Elementwise.div;
import static dev.autodidact.onnx.Elementwise.exp;
import static dev.autodidact.onnx.Elementwise.log;
import static dev.autodidact.onnx.Elementwise.mul;
import static dev.autodidact.onnx.Elementwise.neg;
import static dev.autodidact.onnx.Elementwise.relu;
import static dev.autodidact.onnx.Elementwise.sub;
import static dev.autodidact.onnx.Index.gather;
import static dev.autodidact.onnx.Index.gatherElements;
import static dev.autodidact.onnx.Reduce.logSoftmax;
import static dev.autodidact.onnx.Reduce.reduceMean;
import static dev.autodidact.onnx.Reduce.reduceSum;
import static dev.autodidact.onnx.ShapeOps.squeeze;
import static dev.autodidact.onnx.ShapeOps.unsqueeze;

import dev.autodidact.onnx.Graph;
import dev.autodidact.onnx.Shape;
import dev.autodidact.onnx.Tensor;
import dev.autodidact.onnx.TensorData;
import java.util.List;

/** The classifier losses, in the forms PyTorch's functional losses compute. */
public final class ClassifierLoss {
  private ClassifierLoss() {}

  /**
   * {@code F.cross_entropy(logits, labels, weight=w)}: the mean of −log softmax at the label, weighted
   * by {@code w[label]} and divided by the sum of those weights (unweighted: the plain mean).
   *
   * @param logits [N, K]
   * @param labels int64 [N]
   * @param weights K class weights, or null
   */
  public static Tensor softmaxCe(Tensor logits, Tensor labels, List<Double> weights) {
    Graph g = logits.graph();
    try (var s = g.scope("cross_entropy")) {
      Tensor picked = logProbOfLabel(logits, labels); // [N]
      if (weights == null) {
        return neg(reduceMean(picked, false));
      }
      Tensor wy = gather(g.constant(weightData(weights, logits)), labels, 0); // [N]
      return neg(div(reduceSum(mul(picked, wy), false), reduceSum(wy, false)));
    }
  }

  /**
   * Cross-entropy over the rows where {@code rowMask} is 1 only: the mean of −log softmax at the label
   * over those rows, 0 when there is none (rows without a label carry any valid class index and mask 0).
   *
   * @param logits [N, K]
   * @param labels int64 [N], each in [0, K)
   * @param rowMask float [N], 1 = counted
   */
  public static Tensor maskedSoftmaxCe(Tensor logits, Tensor labels, Tensor rowMask) {
    Graph g = logits.graph();
    try (var s = g.scope("masked_cross_entropy")) {
      Tensor picked = logProbOfLabel(logits, labels); // [N]
      Tensor count = clip(reduceSum(rowMask, false), 1.0, null);
      return neg(div(reduceSum(mul(picked, rowMask), false), count));
    }
  }

  /** logits: [N, K], labels: int64 [N] → log softmax at each row's label [N]. */
  private static Tensor logProbOfLabel(Tensor logits, Tensor labels) {
    return squeeze(gatherElements(logSoftmax(logits, 1), unsqueeze(labels, 1), 1), 1);
  }

  /**
   * Multi-label {@code F.binary_cross_entropy_with_logits(z, y, weight=w, reduction='none')} in the stable
   * form {@code max(z, 0) − z·y + log(1 + exp(−|z|))}, summed where {@code mask} is 1 and divided by the
   * number of counted entries (at least 1).
   *
   * @param logits z [N, K]
   * @param targets y [N, K] in [0, 1]
   * @param mask [N, K]: 1 counts, 0 ignores (uncertain or not mentioned, by policy)
   * @param weights K class weights, or null
   */
  public static Tensor sigmoidBce(Tensor logits, Tensor targets, Tensor mask, List<Double> weights) {
    Graph g = logits.graph();
    try (var s = g.scope("bce")) {
      Tensor l = add(sub(relu(logits), mul(logits, targets)), log(add(exp(neg(abs(logits))), 1.0))); // [N, K]
      Tensor m = weights == null ? mask : mul(mask, g.constant(weightData(weights, logits)));
      Tensor count = clip(reduceSum(mask, false), 1.0, null);
      return div(reduceSum(mul(l, m), false), count);
    }
  }

  private static TensorData weightData(List<Double> weights, Tensor like) {
    float[] w = new float[weights.size()];
    for (int i = 0; i < w.length; i++) {
      w[i] = weights.get(i).floatValue();
    }
    if (like.shape().dim(1) != w.length) {
      throw new IllegalArgumentException(w.length + " class weights for " + like.shape().dim(1) + " classes");
    }
    return TensorData.floats(Shape.of(w.length), w);
  }
}
