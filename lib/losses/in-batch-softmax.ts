import * as tf from '@tensorflow/tfjs';
import { maskAccidentalHits } from './accidental-hits';

/** The logit given to an accidental hit: exp of it underflows to 0 in float32. */
const MASKED = -1e9;

/**
 * mean_r −ln softmax(s_r + c_r)_{label_r} over a rows × cols score matrix s and an additive
 * correction c (−ln Q and accidental-hit masks): the core both sampled softmaxes share.
 */
function correctedSoftmaxCrossEntropy(scores: tf.Tensor2D, correction: Float32Array, label: tf.Tensor1D): tf.Scalar {
  const [rows, cols] = scores.shape;
  const logits = tf.add(scores, tf.tensor2d(correction, [rows, cols]));
  return tf.losses.softmaxCrossEntropy(tf.oneHot(label, cols), logits) as tf.Scalar;
}

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
    return correctedSoftmaxCrossEntropy(scores, correction, tf.range(0, B, 1, 'int32') as tf.Tensor1D);
  });
}

/**
 * Sampled softmax over negatives shared by all rows (Jean et al. 2015; Bengio & Senécal 2008): row r
 * scores its target t_r (`positive[r]`) and the N sampled items n_1…n_N (`negative[r, k]`):
 *   logits_r = [s_r,t_r − ln Q(t_r), s_r,n_1 − ln Q(n_1), …],
 *   logit of n_k = −10⁹ where n_k = t_r   (accidental hit: the target drawn as its own negative),
 *   L = mean_r −ln softmax(logits_r)_0,
 * with Q(i) ∝ the probability of drawing i (omit `logQ` for uniform draws: the correction cancels).
 * Shapes: positive [R], negative [R, N], targets [R], negativeIds [N].
 */
export function sampledSoftmaxLoss(
  positive: tf.Tensor1D,
  negative: tf.Tensor2D,
  targets: Int32Array,
  negativeIds: Int32Array,
  logQ?: Float32Array,
): tf.Scalar {
  const [R, N] = negative.shape;
  return tf.tidy(() => {
    const C = N + 1;
    const correction = new Float32Array(R * C);
    if (logQ) {
      for (let r = 0; r < R; r++) {
        correction[r * C] = -logQ[targets[r]];
        for (let k = 0; k < N; k++) correction[r * C + 1 + k] = -logQ[negativeIds[k]];
      }
    }
    // Column 0 is each row's own target: never an accidental hit.
    const columns = Int32Array.from({ length: C }, (_, c) => (c === 0 ? -1 : negativeIds[c - 1]));
    maskAccidentalHits(correction, columns, R, (r) => [targets[r]], MASKED);
    const scores = tf.concat([positive.reshape([R, 1]), negative], 1) as tf.Tensor2D;
    return correctedSoftmaxCrossEntropy(scores, correction, tf.zeros([R], 'int32') as tf.Tensor1D);
  });
}

/** Full softmax cross-entropy over every item: L = mean_r −ln softmax(s_r)_{t_r}, scores [R, items]. */
export function fullSoftmaxLoss(scores: tf.Tensor2D, targets: Int32Array): tf.Scalar {
  return tf.tidy(
    () => tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(targets, 'int32'), scores.shape[1]), scores) as tf.Scalar,
  );
}
