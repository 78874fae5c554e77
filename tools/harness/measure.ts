/** Timing statistics in milliseconds. */
export interface Timing {
  median: number;
  mean: number;
  min: number;
  p90: number;
  reps: number;
}

export interface MeasureOptions {
  /** Untimed calls first (JIT, shader compilation, weight upload). @default 5 */
  warmup?: number;
  /** Timed calls wanted. @default 30 */
  reps?: number;
  /** Stop early once this much time was spent on timed calls (slow backends), keeping at least `minReps`. @default 30000 */
  budgetMs?: number;
  /** @default 3 */
  minReps?: number;
}

export function stats(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  const mid = sorted.length / 2;
  const median = sorted.length % 2
    ? (sorted[Math.floor(mid)] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return {
    median,
    mean: sorted.reduce((s, v) => s + v, 0) / sorted.length,
    min: sorted[0] as number,
    p90: at(0.9),
    reps: sorted.length,
  };
}

/**
 * Times `fn` the same way every suite does: warm-up calls, then timed calls until `reps` or the budget runs out.
 * `fn` must include reading the result back (e.g. `await tensor.data()`), or asynchronous backends look
 * faster than they are.
 */
export async function measure(fn: () => unknown, options: MeasureOptions = {}): Promise<Timing> {
  const { warmup = 5, reps = 30, budgetMs = 30_000, minReps = 3 } = options;
  const warmStart = performance.now();
  for (let i = 0; i < warmup; i++) {
    await fn();
    // A slow backend's first call can take seconds: one warm-up is enough there.
    if (performance.now() - warmStart > budgetMs / 4) break;
  }
  const samples: number[] = [];
  const start = performance.now();
  while (samples.length < reps) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
    if (samples.length >= minReps && performance.now() - start > budgetMs) break;
  }
  return stats(samples);
}
