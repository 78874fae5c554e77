/**
 * The README's quick starts (blocks with ids `quickstart-*`) and one visit that runs one of them on a fresh page of a
 * served app, recording what it printed (each console.log call formatted by formatPrinted, as the browser tier
 * does), the console's errors, the page's uncaught errors and every request the page and its workers made.
 *
 * The page under test sets `window.__quickstart` to a promise of 'done' or 'failed: <error>' for the quick start
 * named in its URL's hash (`/#quickstart-history`): nothing of the harness is in the app but that line.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { expect } from 'vitest';
import { visit } from '../e2e/browser.ts';
import { checkPrinted, extractSnippets, type Snippet } from '../helpers/snippets.ts';
import type { StaticServer } from '../helpers/static-server.ts';

const root = path.resolve(import.meta.dirname, '../..');

/**
 * The README's quick starts, or those of the Markdown file in env STOREFRONT_PACK_QUICKSTARTS (to try the
 * machinery on other blocks). Those needing the data directory are in the data tier's file.
 */
export function quickstarts(): Snippet[] {
  const file = process.env.STOREFRONT_PACK_QUICKSTARTS ?? path.join(root, 'README.md');
  return extractSnippets(readFileSync(file, 'utf8'), path.relative(root, file)).filter((s) => s.id?.startsWith('quickstart-'));
}

/** A quick start's module name in an app: its id (`quickstart-history`). */
export const moduleName = (s: Snippet): string => s.id as string;

/** formatPrinted as a classic script that wraps console.log before the page's own scripts run. */
function recorderScript(): string {
  const source = readFileSync(path.join(root, 'test/helpers/snippets.ts'), 'utf8');
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  return `(() => {
  const exports = {};
  ${outputText}
  const printed = [];
  window.__printed = printed;
  const log = console.log.bind(console);
  console.log = (...args) => { printed.push(exports.formatPrinted(args)); log(...args); };
})();`;
}

export interface QuickstartRun {
  /** 'done', or 'failed: <error>' when the quick start threw. */
  outcome: string;
  printed: string[];
  /** Problems of checkPrinted: the `// →` comments against what was printed. */
  problems: string[];
  /** Console errors and uncaught page errors. */
  errors: string[];
  /** Every request of the visit: method and URL. */
  requests: { method: string; url: string }[];
}

/** Opens `${baseUrl}#<id>` in a fresh Chromium profile and waits for the quick start to finish. */
export async function runQuickstart(baseUrl: string, snippet: Snippet, timeoutMs = 150_000): Promise<QuickstartRun> {
  const errors: string[] = [];
  const v = await visit(`${baseUrl}#${moduleName(snippet)}`, {
    prepare: async (page) => {
      await page.addInitScript({ content: recorderScript() });
      page.on('console', (m) => {
        if (m.type() === 'error') errors.push(`console.error: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
      });
      page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    },
  });
  try {
    await v.page.waitForFunction(() => (window as unknown as { __quickstart?: unknown }).__quickstart !== undefined, null, { timeout: 30_000 });
    const outcome = await Promise.race([
      v.page.evaluate(() => (window as unknown as { __quickstart: Promise<string> }).__quickstart),
      new Promise<string>((resolve) => setTimeout(() => resolve(`failed: did not finish within ${timeoutMs / 1000} s`), timeoutMs)),
    ]);
    const printed = await v.page.evaluate(() => (window as unknown as { __printed: string[] }).__printed);
    return {
      outcome,
      printed,
      problems: checkPrinted(snippet, printed),
      errors,
      requests: v.requests.map((r) => ({ method: r.method(), url: r.url() })),
    };
  } finally {
    await v.browser.close();
  }
}

/**
 * Requests that are not plain same-origin GETs of `baseUrl`: another method or origin, or a query string (anything
 * that could carry shopper data away). data: and blob: URLs stay in the page.
 */
export function foreignRequests(run: QuickstartRun, baseUrl: string): string[] {
  const origin = new URL(baseUrl).origin;
  return run.requests
    .filter((r) => {
      if (r.url.startsWith('data:') || r.url.startsWith('blob:')) return r.method !== 'GET';
      const url = new URL(r.url);
      return r.method !== 'GET' || url.origin !== origin || url.search !== '';
    })
    .map((r) => `${r.method} ${r.url}`);
}

/**
 * Opens the quick start on a fresh page of `server` and checks it as every pack test does: it finished, printed what
 * its comments say, logged no console error, made only same-origin GETs, and every file it asked for was there.
 */
export async function expectQuickstartRuns(server: StaticServer, snippet: Snippet): Promise<void> {
  const run = await runQuickstart(server.url, snippet);
  expect(run.outcome, `printed: ${JSON.stringify(run.printed)}; errors: ${JSON.stringify(run.errors)}`).toBe('done');
  expect(run.problems).toEqual([]);
  expect(run.errors).toEqual([]);
  expect(foreignRequests(run, server.url), 'requests other than same-origin GETs').toEqual([]);
  expect(server.served.filter((r) => r.status !== 200).map((r) => `${r.status} ${r.path}`)).toEqual([]);
}
