#!/usr/bin/env node
// @ts-check
/**
 * `npm test`: both tiers (Node and real headless Chromium) in one Vitest run, then one summary line per tier and
 * the closing line CI reads: `N passed, N failed`. Exits non-zero when a test failed or when no test ran.
 * Extra arguments go to Vitest (e.g. `npm test -- test/node`).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const report = path.join(root, 'results', 'vitest.json');
mkdirSync(path.dirname(report), { recursive: true });
rmSync(report, { force: true });

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [
  vitest, 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2),
], { cwd: root, stdio: 'inherit' });

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
  const tier = rel.split(path.sep)[1] ?? 'other';
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
for (const [tier, t] of Object.entries(tiers)) {
  console.log(`${tier} tier: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
  passed += t.passed;
  failed += t.failed;
  skipped += t.skipped;
}
// A file that failed to load counts no assertion but makes Vitest exit non-zero: count it as a failure.
if (failed === 0 && run.status !== 0) failed = 1;
console.log(skipped ? `${passed} passed, ${failed} failed, ${skipped} skipped` : `${passed} passed, ${failed} failed`);
if (passed === 0) {
  console.error('test/run.mjs: no test ran.');
  process.exit(1);
}
process.exit(failed > 0 ? 1 : 0);
