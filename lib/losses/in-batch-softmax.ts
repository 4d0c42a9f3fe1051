import * as tf from '@tensorflow/tfjs';
import { maskAccidentalHits } from './accidental-hits';
import { PinlabInputError, requireInt } from '../errors';

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

/**
 * Full softmax cross-entropy over every item, from the states and the item table:
 *   L = mean_r [ ln Σ_i exp(h_r · w_i) − h_r · w_{t_r} ],   hidden h [R, D], table w [I, D], targets t [R],
 *   ∂L/∂h_r = (Σ_i p_ri w_i − w_{t_r}) / R,   ∂L/∂w_i = (Σ_r p_ri h_r − Σ_{r: t_r = i} h_r) / R,
 * with p_r = softmax(h_r · wᵀ). The [R, I] scores exist `chunkRows` rows at a time: at Amazon Games'
 * 23 715 items a batch's ~800 positions would otherwise hold several [R, I] tensors and exhaust the
 * wasm heap. The probabilities are kept for the backward pass up to `keptValues` of them (default
 * 2²⁵, 128 MB) and recomputed chunk by chunk beyond.
 * No product reads a transposed [R, I] operand: wasm transposes those in a separate strided pass,
 * which took a fifth of a batch; wᵀ is formed once, and Σ_r p_ri h_r is accumulated as [D, I].
 */
export function fullSoftmaxLoss(
  hidden: tf.Tensor2D,
  table: tf.Tensor2D,
  targets: Int32Array,
  chunkRows = 256,
  keptValues = 1 << 25,
): tf.Scalar {
  const [R, D] = hidden.shape;
  const I = table.shape[0];
  if (targets.length !== R)
    throw new PinlabInputError('targets', `length ${targets.length} must equal hidden's rows ${R}`);
  for (let r = 0; r < R; r++) {
    if (!(targets[r] >= 0 && targets[r] < I))
      throw new PinlabInputError('targets', `must be in [0, ${I}), got ${targets[r]}`, r);
  }
  requireInt('chunkRows', chunkRows, 1);
  const keep = R * I <= keptValues;
  const chunks = (h: tf.Tensor2D, each: (hc: tf.Tensor2D, k: number) => void) => {
    for (let r0 = 0, k = 0; r0 < R; r0 += chunkRows, k++) {
      const n = Math.min(chunkRows, R - r0);
      tf.tidy(() => each(h.slice([r0, 0], [n, -1]), k));
    }
  };
  const loss = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [h2, w2] = args as tf.Tensor2D[];
    const save = args[2] as tf.GradSaveFunc;
    const wT = tf.transpose(w2) as tf.Tensor2D;
    const probabilities: tf.Tensor[] = [];
    let logZ = 0;
    chunks(h2, (hc) => {
      // ln Σ exp and the probabilities from one exp pass: e = exp(s − max), ln Z = max + ln Σe, p = e / Σe.
      const logits = tf.matMul(hc, wT);
      const max = tf.max(logits, 1, true);
      const e = tf.exp(tf.sub(logits, max));
      const z = tf.sum(e, 1, true);
      logZ += tf.sum(tf.add(max, tf.log(z))).dataSync()[0];
      if (keep) probabilities.push(tf.keep(tf.div(e, z)));
    });
    save([h2, w2, wT, ...probabilities]);
    tf.dispose([wT, ...probabilities]);
    const value = tf.tidy(() => {
      const positive = tf.sum(tf.mul(h2, tf.gather(w2, targets)));
      return tf.div(tf.sub(tf.scalar(logZ), positive), R) as tf.Scalar;
    });
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [hs, ws, wTs, ...kept] = saved as tf.Tensor2D[];
      const expectedW: tf.Tensor2D[] = [];
      let expectedHT = tf.zeros([D, I]) as tf.Tensor2D;
      chunks(hs, (hc, k) => {
        const p = keep ? kept[k] : tf.softmax(tf.matMul(hc, wTs));
        expectedW.push(tf.keep(tf.matMul(p, ws)));
        const next = tf.keep(tf.add(expectedHT, tf.matMul(tf.transpose(hc), p))) as tf.Tensor2D;
        expectedHT.dispose();
        expectedHT = next;
      });
      return tf.tidy(() => {
        const scale = tf.div(dy, R);
        const dh = tf.mul(tf.sub(tf.concat(expectedW, 0), tf.gather(ws, targets)), scale);
        const dw = tf.mul(tf.sub(tf.transpose(expectedHT), tf.unsortedSegmentSum(hs, targets, I)), scale);
        tf.dispose([...expectedW, expectedHT]);
        return [dh, dw];
      });
    };
    return { value, gradFunc };
  });
  return loss(hidden, table) as tf.Scalar;
}
