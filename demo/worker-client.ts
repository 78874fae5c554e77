/** The page's side of ml.worker.ts: typed requests with per-call timings, and a progress feed. */
import { recordTiming } from './timings.ts';
import type { WorkerAnswers, WorkerMessage, WorkerRequest } from './worker-protocol.ts';

type Kind = WorkerRequest['kind'];
type Body<K extends Kind> = Omit<Extract<WorkerRequest, { kind: K }>, 'id' | 'kind'>;
export type Progress = Extract<WorkerMessage, { progress: string }>;

export interface MlWorker {
  call<K extends Kind>(kind: K, body: Body<K>): Promise<WorkerAnswers[K]>;
  onProgress(listener: (progress: Progress) => void): void;
}

export function startWorker(): MlWorker {
  const worker = new Worker(new URL('./ml.worker.ts', import.meta.url), { type: 'module', name: 'storefront-ml demo worker' });
  const pending = new Map<number, { kind: Kind; resolve(value: unknown): void; reject(error: Error): void }>();
  const listeners: ((progress: Progress) => void)[] = [];
  let next = 1;
  worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if ('progress' in message) {
      for (const listener of listeners) listener(message);
      return;
    }
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    recordTiming(`worker: ${waiting.kind}`, message.ms, 'worker');
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(new Error(message.error));
  });
  return {
    call(kind, body) {
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { kind, resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage({ id, kind, ...body });
      });
    },
    onProgress(listener) {
      listeners.push(listener);
    },
  };
}
