import { byId } from './ui.ts';
import type { Progress } from './worker-client.ts';

/** Progress of the worker's heavy work. `data-done` marks finished tasks (the e2e test waits on it). */
export function showProgress(p: Progress): void {
  const bar = byId<HTMLProgressElement>(`work-${p.progress}`);
  bar.max = p.total;
  bar.value = p.done;
  const status = byId(`work-${p.progress}-status`);
  if (p.done === 0 && !status.dataset.start) status.dataset.start = String(performance.now());
  if (p.done === p.total) status.dataset.end = String(performance.now());
  status.textContent = `${p.done} of ${p.total} photos · ${p.detail}${p.done === p.total ? ' · done' : ''}`;
}
