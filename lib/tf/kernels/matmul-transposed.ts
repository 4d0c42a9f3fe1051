import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes. */
const lastTwoSwapped = (rank: number) => [...Array(rank - 2).keys(), rank - 1, rank - 2];

/**
 * BatchMatMul for wasm that materialises transposed operands before calling the stock kernel:
 * the stock kernel reads a transposed operand with strides, ~10x slower than transposing first
 * ([2708 × 1433]ᵀ · [2708 × 64], measured), and every matMul gradient has a transposed operand.
 */
export function transposeFirstMatMul(stock: tf.KernelFunc, transpose: tf.KernelFunc): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return stock(args);
    const a = inputs.a as tf.TensorInfo;
    const b = inputs.b as tf.TensorInfo;
    const temps: tf.TensorInfo[] = [];
    const materialise = (t: tf.TensorInfo, yes: boolean) => {
      if (!yes) return t;
      const out = transpose({
        inputs: { x: t },
        backend,
        attrs: { perm: lastTwoSwapped(t.shape.length) },
      }) as tf.TensorInfo;
      temps.push(out);
      return out;
    };
    const result = stock({
      inputs: { a: materialise(a, transposeA), b: materialise(b, transposeB) },
      backend,
      attrs: { ...attrs, transposeA: false, transposeB: false },
    });
    for (const t of temps) (backend as tf.KernelBackend).disposeData(t.dataId);
    return result;
  };
}
