import * as tf from '@tensorflow/tfjs';

/**
 * Runs `fn` and fails when it leaves tensors behind: `tf.memory().numTensors` after must equal before.
 * Every public method of storefront-ml is checked with it, usually after one warm-up call so that lazily
 * created weights do not count. Returns what `fn` returned.
 *
 * @example
 * const scores = await expectNoLeak(() => model.predict(rows));
 */
export async function expectNoLeak<T>(fn: () => T | Promise<T>, label = 'the call'): Promise<T> {
  const before = tf.memory().numTensors;
  const result = await fn();
  const after = tf.memory().numTensors;
  if (after !== before) {
    throw new Error(`${label} leaked ${after - before} tensor(s): numTensors ${before} before, ${after} after.`);
  }
  return result;
}

/** Runs `fn` `times` times (after one warm-up) and checks the total leak is zero. */
export async function expectNoLeakOver<T>(times: number, fn: () => T | Promise<T>, label = 'the call'): Promise<void> {
  await fn();
  await expectNoLeak(async () => {
    for (let i = 0; i < times; i++) await fn();
  }, `${label} ×${times}`);
}
