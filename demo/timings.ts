/** Per-call timings of the library's calls on this page, shown in the runtime panel. */
export interface Timing {
  call: string;
  ms: number;
  where: 'page' | 'worker';
}

const timings: Timing[] = [];
const listeners: ((all: readonly Timing[]) => void)[] = [];

export function recordTiming(call: string, ms: number, where: Timing['where'] = 'page'): void {
  timings.push({ call, ms, where });
  if (timings.length > 200) timings.shift();
  for (const listener of listeners) listener(timings);
}

/** Runs `work` on the page and records how long it took under `call`. */
export async function timed<T>(call: string, work: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    return await work();
  } finally {
    recordTiming(call, performance.now() - t0);
  }
}

export function onTimings(listener: (all: readonly Timing[]) => void): void {
  listeners.push(listener);
}
