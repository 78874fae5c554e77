import { byId } from './ui.ts';
import type { Progress } from './worker-client.ts';
import type { CategoriesNotice } from './worker-protocol.ts';

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

/** The few-shot shop categories the worker taught or loaded from IndexedDB. */
export function showCategories(n: CategoriesNotice): void {
  byId('work-categories-status').textContent = n.labels === null ? `off: ${n.reason}`
    : `${n.labels.length} categories ${n.from === 'taught' ? `taught from ${n.perCategory} catalogue photos each and saved` : 'loaded as saved'} ` +
      `in IndexedDB (category store, "${n.savedAs}") · ready`;
}

/** A worker that failed: said once, at the top of its panel; every feature that needed it says so too. */
export function showWorkerFailure(error: Error): void {
  const line = byId('worker-error');
  line.textContent = error.message;
  line.hidden = false;
  for (const id of ['work-recommender-status', 'work-index-status', 'work-categories-status']) byId(id).textContent = 'failed: the worker is not running';
}
