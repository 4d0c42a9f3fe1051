import * as tf from '@tensorflow/tfjs';
import { linkBce } from './link-bce';

/**
 * SASRec's loss (Kang & McAuley 2018): at every position r its target's score s⁺_r against one
 * sampled negative's s⁻_r, L = mean_r −[ln σ(s⁺_r) + ln(1 − σ(s⁻_r))], i.e. twice link prediction's
 * binary cross-entropy over the positives (label 1) and negatives (label 0). Shapes [R], [R].
 */
export function sampledBceLoss(positive: tf.Tensor1D, negative: tf.Tensor1D): tf.Scalar {
  const R = positive.shape[0];
  return tf.tidy(() => {
    const labels = tf.concat([tf.ones([R]), tf.zeros([R])]) as tf.Tensor1D;
    return tf.mul(2, linkBce(tf.concat([positive, negative]) as tf.Tensor1D, labels)) as tf.Scalar;
  });
}
