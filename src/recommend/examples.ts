/** Training examples for next-item models: right-aligned history windows and their targets. Pure. */

/**
 * Every position t ≥ 1 of every training sequence becomes one example: the window of the `window` items before
 * it (right-aligned, left-padded with `pad`) and the target seq[t]. Returns flat arrays.
 */
export function nextItemExamples(train: readonly ArrayLike<number>[], window: number, pad: number): { histories: Int32Array; targets: Int32Array; count: number } {
  let count = 0;
  for (const seq of train) count += Math.max(seq.length - 1, 0);
  const histories = new Int32Array(count * window).fill(pad);
  const targets = new Int32Array(count);
  let e = 0;
  for (const seq of train) {
    for (let t = 1; t < seq.length; t++, e++) {
      targets[e] = seq[t] as number;
      writeWindow(seq, t, window, histories, e * window);
    }
  }
  return { histories, targets, count };
}

/** Writes the `window` items before position `end` of `seq` right-aligned into `out` at `offset` (left part untouched). */
export function writeWindow(seq: ArrayLike<number>, end: number, window: number, out: Int32Array, offset: number): void {
  const start = Math.max(0, end - window);
  const shift = window - (end - start);
  for (let i = start; i < end; i++) out[offset + shift + (i - start)] = seq[i] as number;
}
