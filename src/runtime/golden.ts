import * as tf from '@tensorflow/tfjs';

/**
 * A small computation with known answers, run on a freshly started backend before we trust it. A driver or
 * shader-compiler bug shows up here as wrong numbers instead of as a silently wrong recommendation later.
 * Each case covers a kernel family models use: matmul with bias and relu (dense layers), conv2d (vision),
 * a reduction over more than 1,000 elements (on WebGPU smaller tensors may be forwarded to CPU kernels),
 * and sigmoid.
 */
interface GoldenCase {
  name: string;
  run: () => tf.Tensor;
  expected: readonly number[];
}

const CASES: readonly GoldenCase[] = [
  {
    name: 'matmul+bias+relu',
    run: () => tf.relu(tf.add(tf.matMul(tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]), tf.tensor2d([7, 8, 9, 10, 11, 12], [3, 2])),
      tf.tensor1d([0.5, -200]))),
    // [[58, 64], [139, 154]] + [0.5, -200], then relu.
    expected: [58.5, 0, 139.5, 0],
  },
  {
    name: 'conv2d',
    run: () => tf.conv2d(tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), tf.tensor4d([1, 0, 0, 1], [2, 2, 1, 1]), 1, 'valid'),
    // Each output is the top-left plus the bottom-right pixel of a 2×2 window.
    expected: [6, 8, 12, 14],
  },
  {
    name: 'sum of 0..1199',
    run: () => tf.sum(tf.range(0, 1200, 1, 'float32')),
    expected: [719400],
  },
  {
    name: 'sigmoid',
    run: () => tf.sigmoid(tf.tensor1d([0, 2, -2])),
    expected: [0.5, 0.8807970779778823, 0.11920292202211755],
  },
];

/** Runs the golden cases on the current backend. Returns null when all match, else a description of the first mismatch. */
export async function checkGolden(): Promise<string | null> {
  for (const c of CASES) {
    const out = tf.tidy(c.run);
    let values: Float32Array | Int32Array | Uint8Array;
    try {
      values = (await out.data()) as Float32Array;
    } finally {
      out.dispose();
    }
    if (values.length !== c.expected.length) {
      return `golden case ${c.name} returned ${values.length} values, expected ${c.expected.length}`;
    }
    for (let i = 0; i < values.length; i++) {
      const want = c.expected[i] as number;
      const got = values[i] as number;
      if (!(Math.abs(got - want) <= 1e-3 * Math.max(1, Math.abs(want)))) {
        return `golden case ${c.name} gave ${got} at index ${i}, expected ${want}`;
      }
    }
  }
  return null;
}
