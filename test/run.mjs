#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: every tier (Node, real headless Chromium, the built demo) in one Vitest run, then one summary line
 * per tier and the closing line CI reads: `N passed, N failed`. Exits non-zero when a test failed or none ran.
 * Extra arguments go to Vitest (e.g. `npm test -- test/node`).
 *
 * The data tier (`*.data.test.ts`, `*.data.e2e.ts`) reads the data directory (env STOREFRONT_DATA, default
 * ../shared/data). Without it those files are left out, with one line saying so; STOREFRONT_REQUIRE_DATA=1 (CI)
 * makes a missing directory an error instead. Finds a Chromium first, installing one if there is none.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureChromium } from '../tools/harness/chromium.mjs';
import { DATA_TEST_FILE, dataDir, hasDataDir } from '../tools/harness/plugins.mjs';
import { TORCH_TEST_FILE, hasTorch, torchPython } from '../tools/harness/torch.mjs';

/** The fuzz tier's files (fast-check properties): test/fuzz/ in Node, test/browser/ in Chromium. */
const FUZZ_TEST_FILE = /\.fuzz\.test\.ts$/;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);

const withData = hasDataDir();
if (!withData && process.env.STOREFRONT_REQUIRE_DATA === '1') {
  console.error(`test/run.mjs: STOREFRONT_REQUIRE_DATA=1 but the data directory ${dataDir()} does not exist. ` +
    'Set STOREFRONT_DATA to the folder holding the shared data.');
  process.exit(1);
}
// The PyTorch tier (*.torch.test.ts) runs tools/distributed/ with a Python that has torch: left out without one,
// an error under STOREFRONT_REQUIRE_DATA=1 (CI installs python3-torch in .ci/run).
const withTorch = hasTorch();
if (!withTorch && process.env.STOREFRONT_REQUIRE_DATA === '1') {
  console.error(`test/run.mjs: STOREFRONT_REQUIRE_DATA=1 but ${torchPython()} cannot import torch, which the PyTorch tier needs. ` +
    'Install it (apt-get install python3-torch) or set STOREFRONT_PYTHON to a Python that has torch.');
  process.exit(1);
}

/** @param {string} dir @param {RegExp} [pattern] @returns {string[]} the data-tier (or `pattern`) test files under `dir` */
function dataFiles(dir, pattern = DATA_TEST_FILE) {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && pattern.test(entry.name))
    // parentPath is Node ≥ 20.12; older 20.x call it path.
    .map((entry) => path.join(entry.parentPath ?? /** @type {any} */ (entry).path, entry.name));
}

// Only the Node, CLI and fuzz tiers need no browser: `--project node` / `cli` / `fuzz` alone skip the search.
const projects = args.flatMap((arg, i) => (arg === '--project' ? [args[i + 1]] : arg.startsWith('--project=') ? [arg.slice(10)] : []));
/** @type {NodeJS.ProcessEnv} */
const env = { ...process.env };
if (projects.length === 0 || projects.some((p) => p !== 'node' && p !== 'cli' && p !== 'fuzz')) {
  try {
    env.CHROMIUM_PATH = ensureChromium();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
const report = path.join(root, 'results', 'vitest.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [
  vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args,
], { cwd: root, stdio: 'inherit', env });

/** @type {{ testResults?: { name: string, assertionResults: { status: string }[] }[] }} */
let json = {};
try {
  json = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error(`test/run.mjs: Vitest wrote no report (exit ${run.status}).`);
}

const tiers = /** @type {Record<string, { passed: number, failed: number, skipped: number }>} */ ({});
for (const file of json.testResults ?? []) {
  const rel = path.relative(root, file.name);
  const folder = rel.split(path.sep)[1] ?? 'other';
  // Fuzz properties in the browser project (test/browser/**/*.fuzz.test.ts) are their own line: browser-fuzz.
  const fuzz = FUZZ_TEST_FILE.test(rel) && folder !== 'fuzz' ? '-fuzz' : '';
  const tier = `${folder}${fuzz}${TORCH_TEST_FILE.test(rel) ? '-torch' : ''}${DATA_TEST_FILE.test(rel) ? '-data' : ''}`;
  const t = (tiers[tier] ??= { passed: 0, failed: 0, skipped: 0 });
  for (const a of file.assertionResults) {
    if (a.status === 'passed') t.passed++;
    else if (a.status === 'failed') t.failed++;
    else t.skipped++;
  }
}
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [tier, t] of Object.entries(tiers).sort(([a], [b]) => a.localeCompare(b))) {
  console.log(`${tier} tier: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  passed += t.passed;
  failed += t.failed;
  skipped += t.skipped;
}
if (!withData) {
  const files = dataFiles(path.join(root, 'test'));
  const tests = files.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^\s*(it|test)(\.\w+)*\(/gm)?.length ?? 0), 0);
  console.log(`Skipped the data tier: ${files.length} test files (${tests} tests) need the data directory, not found at ${dataDir()}; ` +
    'to run them, set STOREFRONT_DATA=/path/to/data or place the data at ../shared/data beside the repository.');
}
if (!withTorch) {
  const files = dataFiles(path.join(root, 'test'), TORCH_TEST_FILE).filter((f) => withData || !DATA_TEST_FILE.test(f));
  const tests = files.reduce((n, f) => n + (readFileSync(f, 'utf8').match(/^\s*(it|test)(\.\w+)*\(/gm)?.length ?? 0), 0);
  console.log(`Skipped the PyTorch tier: ${files.length} test files (${tests} tests) run tools/distributed/ and need a Python with torch; ` +
    `${torchPython()} cannot import it. To run them: apt-get install python3-torch, or set STOREFRONT_PYTHON=/path/to/python.`);
}
// A file that failed to load counts no assertion but makes Vitest exit non-zero: count it as a failure.
if (failed === 0 && run.status !== 0) failed = 1;
console.log(skipped ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`);
if (passed === 0) {
  console.error('test/run.mjs: no test ran.');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
