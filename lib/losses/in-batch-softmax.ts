import * as tf from '@tensorflow/tfjs';
import { maskAccidentalHits } from './accidental-hits';

/** The logit given to an accidental hit: exp of it underflows to 0 in float32. */
const MASKED = -1e9;

/**
 * In-batch sampled softmax (TensorFlow Recommenders' retrieval task; Yi et al., RecSys 2019) over a
 * B × B matrix of scores s_bj = s(query b, item of row j), row b's positive on the diagonal:
 *   logit_bj = s_bj − ln Q(t_j)   (sampling-probability correction; omitted without `logQ`),
 *   logit_bj = −10⁹ where t_j = t_b, j ≠ b   (accidental hits: the same item as b's positive),
 *   L = mean_b −ln softmax(logit_b)_b,
 * with t_j row j's target item and Q(i) the probability that i is an in-batch negative.
 */
export function inBatchSoftmaxLoss(scores: tf.Tensor2D, targets: Int32Array, logQ?: Float32Array): tf.Scalar {
  const B = targets.length;
  return tf.tidy(() => {
    const correction = new Float32Array(B * B);
    if (logQ) for (let b = 0; b < B; b++) for (let j = 0; j < B; j++) correction[b * B + j] = -logQ[targets[j]];
    maskAccidentalHits(
      correction,
      targets,
      B,
      (b) => [targets[b]],
      MASKED,
      (b, j) => b === j,
    );
    const logits = tf.add(scores, tf.tensor2d(correction, [B, B]));
    return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.range(0, B, 1, 'int32'), B), logits) as tf.Scalar;
  });
}
