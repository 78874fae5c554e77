#!/usr/bin/env node
// @ts-check
/**
 * npm run bench -- <suite> [--backend auto|webgpu|wasm|cpu] [--out file.json] [suite options]
 * npm run eval  -- <task>  [--backend …] [--out file.json] [task options]
 *
 * Serves the repository with Vite on 127.0.0.1, opens tools/harness/page.html in headless Chromium, runs
 * the suite there (never in Node), prints a table and writes JSON of one shape:
 *   { name, backend, when, machine, metrics: { snake_case: number }, ... }
 * Default output: results/<mode>-<suite>-<backend>.json (git-ignored).
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, WEBGPU_ARGS, ensureChromium } from './chromium.mjs';
import { REPO_ROOT, dataDir, dataPlugin, localFilesPlugin, staticWasmPlugin } from './plugins.mjs';

const USAGE = `usage: npm run bench|eval -- <suite> [--backend auto|webgpu|wasm|cpu] [--out file.json] [--timeout seconds] [options]`;
const BACKENDS = ['auto', 'webgpu', 'wasm', 'cpu'];

/** @param {string[]} argv */
function parse(argv) {
  const [mode, ...rest] = argv;
  /** @type {Record<string, string | boolean>} */
  const options = {};
  /** @type {string[]} */
  const positional = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = /** @type {string} */ (rest[i]);
    if (arg.startsWith('--')) {
      const [key = '', inline] = arg.slice(2).split('=', 2);
      const next = rest[i + 1];
      if (inline !== undefined) options[key] = inline;
      else if (next !== undefined && !next.startsWith('--')) { options[key] = next; i++; }
      else options[key] = true;
    } else positional.push(arg);
  }
  return { mode, suite: positional[0], options };
}

/** @param {string} message */
function fail(message) {
  console.error(message);
  process.exit(1);
}

/** @param {Array<Record<string, unknown>>} rows */
function printTable(rows) {
  if (rows.length === 0) return;
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  /** @param {unknown} v */
  const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v == null ? '' : String(v));
  const cells = rows.map((r) => cols.map((c) => fmt(r[c])));
  const widths = cols.map((c, i) => Math.max(c.length, ...cells.map((row) => (row[i] ?? '').length)));
  const line = (/** @type {string[]} */ values) => values.map((v, i) => v.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of cells) console.log(line(row));
}

async function main() {
  const { mode, suite, options } = parse(process.argv.slice(2));
  if ((mode !== 'bench' && mode !== 'eval') || !suite) fail(USAGE);
  const backend = String(options.backend ?? 'auto');
  if (!BACKENDS.includes(backend)) fail(`Unsupported backend "${backend}". Expected one of: ${BACKENDS.join(', ')}.`);
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const out = path.resolve(cwd, typeof options.out === 'string' ? options.out : path.join(REPO_ROOT, 'results', `${mode}-${suite}-${backend}.json`));
  const timeoutMs = Number(options.timeout ?? 0) * 1000;
  // --save <dir>: the suite returns `artifacts` (e.g. a trained model) and we write them there.
  const saveDir = typeof options.save === 'string' ? path.resolve(cwd, options.save) : null;
  delete options.backend;
  delete options.out;
  delete options.timeout;
  if (saveDir) options.save = true;

  // Local paths on the command line become URLs the page can fetch (and nothing else on disk is served).
  /** @type {string[]} */
  const roots = [];
  for (const [key, value] of Object.entries(options)) {
    if (typeof value !== 'string' || !/[/\\.]/.test(value)) continue;
    const abs = path.resolve(cwd, value);
    if (!existsSync(abs)) {
      if (value.includes('/')) fail(`Option --${key}: ${abs} does not exist.`);
      continue;
    }
    roots.push(abs);
    options[key] = `/@local/${roots.length - 1}/`;
  }

  const server = await createServer({
    configFile: false,
    root: REPO_ROOT,
    logLevel: 'warn',
    // No watching, no HMR: editing files while a long eval runs must not reload the page and restart it.
    server: { host: '127.0.0.1', port: 0, strictPort: false, hmr: false, watch: null },
    plugins: [dataPlugin(), staticWasmPlugin(), localFilesPlugin(roots)],
    optimizeDeps: {
      entries: ['tools/harness/page.html'],
      include: ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'idb', '@tensorflow-models/mobilenet'],
    },
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const browser = await chromium.launch({ executablePath: ensureChromium(), args: [...CHROMIUM_ARGS, ...WEBGPU_ARGS], headless: true });
  try {
    const page = await browser.newPage();
    page.on('console', (msg) => {
      const text = msg.text();
      if (text.startsWith('[harness] ')) console.log(text.slice(10));
      else if (msg.type() === 'error') console.error(`[page] ${text}`);
    });
    page.on('pageerror', (error) => console.error(`[page] ${error.message}`));
    const query = new URLSearchParams({ mode: String(mode), suite: String(suite), backend, options: JSON.stringify(options) });
    console.log(`${mode} ${suite} on ${backend}: data from ${dataDir()}`);
    await page.goto(`http://127.0.0.1:${port}/tools/harness/page.html?${query}`);
    await page.waitForFunction(() => window.__harnessDone !== undefined, null, { timeout: timeoutMs, polling: 500 });
    const done = await page.evaluate(() => window.__harnessDone);
    if (!done || !done.ok) fail(`${mode} ${suite} failed: ${done && !done.ok ? done.error : 'no result'}`);
    const { runtime, description, metrics, table, artifacts, ...extra } = /** @type {any} */ (done).result;
    if (artifacts && saveDir) {
      for (const [rel, file] of Object.entries(/** @type {Record<string, { text?: string, base64?: string }>} */ (artifacts))) {
        const target = path.resolve(saveDir, rel);
        if (!target.startsWith(saveDir + path.sep)) fail(`artifact path ${rel} escapes ${saveDir}`);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file.base64 !== undefined ? Buffer.from(file.base64, 'base64') : String(file.text ?? ''));
        console.log(`wrote ${path.relative(cwd, target)}`);
      }
    } else if (saveDir) {
      fail(`--save was given but the ${suite} suite returned no artifacts`);
    }
    const userAgent = await page.evaluate(() => navigator.userAgent);
    const json = {
      name: `${mode}/${suite}`,
      backend: runtime.backend,
      when: new Date().toISOString(),
      machine: {
        cpu: os.cpus()[0]?.model ?? 'unknown',
        cores: os.cpus().length,
        memory_gb: Math.round(os.totalmem() / 2 ** 30),
        platform: `${os.platform()} ${os.release()}`,
        node: process.version,
        chromium: browser.version(),
        user_agent: userAgent,
      },
      metrics,
      description,
      options,
      runtime,
      ...(table ? { table } : {}),
      ...extra,
    };
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, JSON.stringify(json, null, 2) + '\n');
    console.log(`\n${description} — backend ${runtime.backend}, Chromium ${browser.version()}, ${os.cpus().length} cores\n`);
    printTable(Object.entries(metrics).map(([metric, value]) => ({ metric, value })));
    if (table) {
      console.log('');
      printTable(table);
    }
    console.log(`\nJSON written to ${path.relative(cwd, out) || out}`);
  } finally {
    await browser.close();
    await server.close();
  }
}

main().catch((error) => fail(error instanceof Error ? error.stack ?? error.message : String(error)));
