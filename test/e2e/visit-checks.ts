import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { DIST, type Product, type Visit } from './browser.ts';

export const WAIT = { timeout: 150_000 };

/** Installed before the page's scripts: every main-thread long task (> 50 ms), with its start and duration. */
export function observeLongTasks(): void {
  const tasks: { start: number; duration: number }[] = [];
  (window as unknown as { __longTasks: typeof tasks }).__longTasks = tasks;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) tasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: 'longtask', buffered: true });
}

/** The product ids a list of the demo shows. */
export const listIds = (v: Visit, id: string) =>
  v.page.locator(`#${id} button.rec`).evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-product-id')));

/** The newest entry of the history panel. */
export const latestEvent = (v: Visit) => v.page.locator('#history-list li').first().textContent();

/** Waits for a worker task to finish; prints the main thread's long tasks while it ran (reported, not asserted). */
export async function reportLongTasks(v: Visit, task: 'index', what: string): Promise<void> {
  const status = v.page.locator(`#work-${task}-status`);
  await status.filter({ hasText: /done$/ }).waitFor(WAIT);
  const [start, end] = await Promise.all([status.getAttribute('data-start'), status.getAttribute('data-end')]).then((a) => a.map(Number));
  expect(end).toBeGreaterThan(start!);
  const tasks = await v.page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
  const during = tasks.filter((t) => t.start < end! && t.start + t.duration > start!);
  const longest = Math.max(0, ...during.map((t) => t.duration));
  console.log(`[e2e] ${what} in the worker: ${((end! - start!) / 1000).toFixed(1)} s; main-thread long tasks meanwhile: ` +
    `${during.length}, longest ${longest.toFixed(0)} ms (whole visit so far: ${tasks.length}, longest ${Math.max(0, ...tasks.map((t) => t.duration)).toFixed(0)} ms)`);
}

/**
 * Every request of the visit (page and workers) is a same-origin GET of a static file the build contains, with no
 * body, query or hash, and product ids appear only in the catalogue's own image paths. Returns the paths requested.
 */
export function expectStaticRequestsOnly(v: Visit, demoUrl: string, products: Map<string, Product>): string[] {
  const origin = new URL(demoUrl).origin;
  const log = v.requests.map((r) => ({ method: r.method(), url: new URL(r.url()), body: r.postData(), type: r.resourceType() }));
  const byType = new Map<string, number>();
  for (const r of log) byType.set(r.type, (byType.get(r.type) ?? 0) + 1);
  console.log(`[e2e] ${log.length} requests: ${[...byType].map(([t, n]) => `${t} ${n}`).join(', ')}; ` +
    `${log.filter((r) => r.method === 'GET' && r.url.origin === origin).length} same-origin GETs`);
  expect(log.length).toBeGreaterThan(0);
  expect(log.filter((r) => r.method !== 'GET' || r.url.origin !== origin || r.url.hostname !== '127.0.0.1').map((r) => `${r.method} ${r.url}`)).toEqual([]);
  expect(log.filter((r) => r.body !== null || r.url.search !== '' || r.url.hash !== '').map((r) => `${r.url}`)).toEqual([]);
  // Every path is a file of the static build: nothing computed (history, features, embeddings, ids) is in a URL.
  expect(log.filter((r) => r.url.pathname !== '/' && !existsSync(path.join(DIST, decodeURIComponent(r.url.pathname)))).map((r) => r.url.pathname)).toEqual([]);
  // Product ids appear only in the catalogue's own image paths.
  const images = new Set([...products.values()].map((p) => `/${p.image}`));
  const idPattern = new RegExp(`(^|[^0-9])(${[...products.keys()].join('|')})([^0-9]|$)`);
  expect(log.filter((r) => idPattern.test(r.url.pathname) && !images.has(r.url.pathname)).map((r) => r.url.pathname)).toEqual([]);
  return log.map((r) => r.url.pathname);
}

/** Opens the history export and returns it parsed. */
export async function exportHistory(v: Visit): Promise<{ format: string; events: { type: string; productId?: string }[] }> {
  await v.page.locator('#data-export').click();
  await v.page.locator('#data-export-view').filter({ hasText: 'storefront-ml/history' }).waitFor();
  expect(await v.page.locator('#data-download').getAttribute('href')).toMatch(/^blob:/);
  return JSON.parse((await v.page.locator('#data-export-view').textContent()) ?? '{}');
}
