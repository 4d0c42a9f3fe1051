import * as tf from '@tensorflow/tfjs';

/**
 * Link prediction's binary cross-entropy on logits x and labels y ∈ {0, 1} (1 = an edge, 0 = a
 * sampled non-edge): L = mean −[y ln σ(x) + (1 − y) ln(1 − σ(x))], computed stably as
 * mean max(x, 0) − x y + ln(1 + e^−|x|).
 */
export function linkBce(logits: tf.Tensor1D, labels: tf.Tensor1D): tf.Scalar {
  return tf.losses.sigmoidCrossEntropy(labels, logits) as tf.Scalar;
}
