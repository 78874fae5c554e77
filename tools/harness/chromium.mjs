// @ts-check
/**
 * Which Chromium every headless browser of ours runs, and how it starts (kept off the closed network, see
 * ENVIRONMENT.md). One place decides: vite.config.ts (browser tests), the bench/eval harness and the e2e tier all
 * use `CHROMIUM_PATH` from here; `npm test` and the harness call `ensureChromium()` first, which installs one when
 * the machine has none.
 *
 * Search order: env CHROMIUM_PATH, then the usual system binaries, then Playwright's own downloaded Chromium.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

export const SYSTEM_CHROMIUMS = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome-stable', '/usr/bin/google-chrome'];

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost',
];

/** Chromium exposes a WebGPU adapter (SwiftShader, CPU-emulated, here) only with this flag. */
export const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];

const require = createRequire(import.meta.url);

/** Where Playwright keeps the Chromium `playwright install chromium` downloads (the file may not exist). */
function playwrightChromium() {
  try {
    return /** @type {typeof import('playwright')} */ (require('playwright')).chromium.executablePath() || undefined;
  } catch {
    return undefined; // no playwright, or it knows no Chromium for this platform
  }
}

/**
 * @typedef {{ env?: Record<string, string | undefined>, exists?: (file: string) => boolean,
 *   playwrightPath?: () => string | undefined }} FindDeps
 * @typedef {{ path: string, source: 'CHROMIUM_PATH' | 'system' | 'playwright' }} Found
 */

/**
 * The first Chromium found, or null. CHROMIUM_PATH is taken as given (an explicit choice; a wrong one should fail
 * loudly at launch rather than silently fall back to another browser).
 * @param {FindDeps} [deps] @returns {Found | null}
 */
export function findChromium({ env = process.env, exists = existsSync, playwrightPath = playwrightChromium } = {}) {
  if (env.CHROMIUM_PATH) return { path: env.CHROMIUM_PATH, source: 'CHROMIUM_PATH' };
  const system = SYSTEM_CHROMIUMS.find((file) => exists(file));
  if (system) return { path: system, source: 'system' };
  const downloaded = playwrightPath();
  if (downloaded && exists(downloaded)) return { path: downloaded, source: 'playwright' };
  return null;
}

/**
 * How to get a Chromium when there is none, in order: Playwright's download (needs the internet), then Debian's
 * package when we may run apt (root on Debian).
 * @param {{ uid?: number, isDebian: boolean, playwrightCli?: string }} machine
 * @returns {{ what: string, command: string, args: string[] }[]}
 */
export function installPlan({ uid, isDebian, playwrightCli }) {
  const plan = [];
  if (playwrightCli) {
    plan.push({ what: "Playwright's Chromium (npx playwright install chromium)", command: process.execPath, args: [playwrightCli, 'install', 'chromium'] });
  }
  if (uid === 0 && isDebian) {
    plan.push({ what: "Debian's chromium (apt-get install chromium)", command: 'sh', args: ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium'] });
  }
  return plan;
}

const HOW_TO_FIX = 'set CHROMIUM_PATH to a Chromium or Chrome binary, or install one: `npx playwright install chromium`, or `apt-get install chromium` on Debian';

/** @param {string} command @param {string[]} args @returns {number | string} exit status, or why it did not start */
function runStep(command, args) {
  // A machine without the internet fails the download within seconds instead of retrying for minutes.
  const env = { PLAYWRIGHT_DOWNLOAD_CONNECTION_TIMEOUT: '15000', ...process.env };
  // Its output goes to stderr: stdout carries only the path (`chromium=$(node tools/harness/chromium.mjs)` in .ci/run).
  const run = spawnSync(command, args, { stdio: ['ignore', 2, 2], env });
  return run.status ?? run.error?.message ?? 'killed';
}

/** @returns {{ what: string, command: string, args: string[] }[]} */
function machinePlan() {
  let playwrightCli;
  try { playwrightCli = path.join(path.dirname(require.resolve('playwright/package.json')), 'cli.js'); } catch { playwrightCli = undefined; }
  return installPlan({ uid: process.getuid?.(), isDebian: existsSync('/etc/debian_version'), playwrightCli });
}

/**
 * The Chromium to run, installing one first when none is found; says on stderr what it does. Each way of
 * installing is tried in turn until a Chromium is found.
 * @param {{ log?: (line: string) => void, find?: () => Found | null, exists?: (file: string) => boolean,
 *   plan?: () => { what: string, command: string, args: string[] }[], run?: typeof runStep }} [deps]
 * @returns {string}
 */
export function ensureChromium({ log = (line) => console.error(line), find = findChromium, exists = existsSync, plan = machinePlan, run = runStep } = {}) {
  const found = find();
  if (found) {
    if (!exists(found.path)) throw new Error(`Chromium: CHROMIUM_PATH=${found.path} does not exist. Point it at a Chromium binary or unset it.`);
    return found.path;
  }
  log(`Chromium: none found (CHROMIUM_PATH unset, none of ${SYSTEM_CHROMIUMS.join(', ')}, no Playwright download).`);
  for (const step of plan()) {
    log(`Chromium: installing ${step.what}…`);
    const status = run(step.command, step.args);
    const now = find();
    if (now) {
      log(`Chromium: using ${now.path}`);
      return now.path;
    }
    log(`Chromium: ${step.what} did not install (exit ${status}); trying the next way.`);
  }
  throw new Error(`Chromium: none found and none could be installed. To fix it, ${HOW_TO_FIX}.`);
}

/**
 * For vite.config.ts: the Chromium found now (`npm test` ran ensureChromium() before and passes it on in
 * CHROMIUM_PATH); Playwright's own error names the path when there is none.
 */
export const CHROMIUM_PATH = findChromium()?.path ?? SYSTEM_CHROMIUMS[0];

// `node tools/harness/chromium.mjs`: find or install, print the path.
if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    console.log(ensureChromium());
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
