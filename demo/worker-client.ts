/**
 * The page's side of ml.worker.ts: typed requests with per-call timings, a progress feed, and failure. A worker
 * that cannot start (its script fails to load or throws: `error`), sends what cannot be read (`messageerror`), or
 * does not say it is ready within `startTimeoutMs` has failed: every pending and later call rejects with one clear
 * error, and `onFailure` listeners hear it once, so the page can say so instead of waiting for ever.
 */
import { recordTiming } from './timings.ts';
import type { WorkerAnswers, WorkerMessage, WorkerRequest } from './worker-protocol.ts';

type Kind = WorkerRequest['kind'];
type Body<K extends Kind> = Omit<Extract<WorkerRequest, { kind: K }>, 'id' | 'kind'>;
export type Progress = Extract<WorkerMessage, { progress: string }>;
export type WorkerNotice = Extract<WorkerMessage, { notice: string }>;

export interface MlWorker {
  call<K extends Kind>(kind: K, body: Body<K>): Promise<WorkerAnswers[K]>;
  onProgress(listener: (progress: Progress) => void): void;
  onNotice(listener: (notice: WorkerNotice) => void): void;
  /** Called once if the worker fails (at once when it already has). */
  onFailure(listener: (error: Error) => void): void;
}

export interface StartWorkerOptions {
  /** How long the worker may take to load its script and say it is ready. @default 60000 (a cold dev server may take a while to serve it) */
  startTimeoutMs?: number;
}

export function startWorker(options: StartWorkerOptions = {}): MlWorker {
  const worker = new Worker(new URL('./ml.worker.ts', import.meta.url), { type: 'module', name: 'storefront-ml demo worker' });
  const pending = new Map<number, { kind: Kind; resolve(value: unknown): void; reject(error: Error): void }>();
  const progressListeners: ((progress: Progress) => void)[] = [];
  const noticeListeners: ((notice: WorkerNotice) => void)[] = [];
  const failureListeners: ((error: Error) => void)[] = [];
  let failure: Error | null = null;
  let next = 1;
  const timeoutMs = options.startTimeoutMs ?? 60_000;

  function fail(reason: string): void {
    if (failure) return;
    clearTimeout(startTimer);
    failure = new Error(`The background worker failed: ${reason}. Photo search, recommendations and shop categories are off; reload the page to try again.`);
    worker.terminate();
    for (const waiting of pending.values()) waiting.reject(failure);
    pending.clear();
    for (const listener of failureListeners) listener(failure);
  }

  const startTimer = setTimeout(() => fail(`it did not start within ${timeoutMs / 1000} s`), timeoutMs);
  worker.addEventListener('error', (event: ErrorEvent) => {
    event.preventDefault(); // reported on the page instead
    fail(event.message ? `${event.message}${event.filename ? ` (${event.filename}:${event.lineno})` : ''}` : 'its script could not be loaded or run');
  });
  worker.addEventListener('messageerror', () => fail('it sent a message the page could not read'));
  worker.addEventListener('message', (event: MessageEvent<WorkerMessage>) => {
    const message = event.data;
    if ('ready' in message) {
      clearTimeout(startTimer);
      return;
    }
    if ('progress' in message) {
      for (const listener of progressListeners) listener(message);
      return;
    }
    if ('notice' in message) {
      for (const listener of noticeListeners) listener(message);
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
      if (failure) return Promise.reject(failure);
      const id = next++;
      return new Promise((resolve, reject) => {
        pending.set(id, { kind, resolve: resolve as (value: unknown) => void, reject });
        worker.postMessage({ id, kind, ...body });
      });
    },
    onProgress(listener) {
      progressListeners.push(listener);
    },
    onNotice(listener) {
      noticeListeners.push(listener);
    },
    onFailure(listener) {
      if (failure) listener(failure);
      else failureListeners.push(listener);
    },
  };
}
