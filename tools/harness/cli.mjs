// @ts-check
/**
 * The built CLI for tests: `ensureCliBuilt()` runs `npm run build`'s tsc when dist/cli/main.js is missing or older
 * than a file under src/ (once per run, under a lock, since the cli tier's global setup and the browser tier's
 * command may ask at the same time), and `runCli(args)` spawns `node dist/cli/main.js …` from the repository root.
 * Plain JS so that vite.config.ts (the browser command `storefrontCli`) and the tests can both import it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './plugins.mjs';

export const CLI_MAIN = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');

/** @param {string} dir @returns {number} the newest mtime of a file under dir */
function newest(dir) {
  let t = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const m = statSync(path.join(entry.parentPath ?? /** @type {any} */ (entry).path, entry.name)).mtimeMs;
    if (m > t) t = m;
  }
  return t;
}

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Builds dist/ when it is missing or stale. Resolves once dist/cli/main.js is current. */
export async function ensureCliBuilt() {
  const fresh = () => existsSync(CLI_MAIN) && statSync(CLI_MAIN).mtimeMs >= newest(path.join(REPO_ROOT, 'src'));
  if (fresh()) return;
  const lock = path.join(REPO_ROOT, 'results', '.cli-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  for (let waited = 0; ; waited += 200) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // Another process builds: wait for it (a lock older than 5 minutes is from a crashed run).
      if (waited > 300_000 || (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000)) rmSync(lock, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    if (fresh()) return;
    buildCli();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * What `npm run build` does for Node (the browser build, tools/build/browser.mjs, is its last step): tsc over src/, then the bin made executable (tsc writes 0644; `npx storefront-ml` in
 * the repository runs the file itself, so without the bit it fails with "Permission denied").
 * @param {{ stdio?: 'pipe' | 'inherit' }} [options]
 */
export function buildCli(options = {}) {
  const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const run = spawnSync(process.execPath, [tsc, '-p', 'src/tsconfig.build.json'], { cwd: REPO_ROOT, encoding: 'utf8', stdio: options.stdio ?? 'pipe' });
  if (run.status !== 0) throw new Error(`npm run build failed:\n${run.stdout ?? ''}${run.stderr ?? ''}`);
  chmodSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'), 0o755);
}

/**
 * Spawns the built CLI. Resolves to its exit code (or the signal that ended it), stdout and stderr.
 * `onStderr` sees stderr as it arrives (to send a signal mid-run); `child` is called with the process.
 * @param {string[]} args
 * @param {{ cwd?: string, env?: NodeJS.ProcessEnv, timeoutMs?: number, onStderr?: (text: string, child: import('node:child_process').ChildProcess) => void }} [options]
 * @returns {Promise<{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string }>}
 */
export function runCli(args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_MAIN, ...args], {
      cwd: options.cwd ?? REPO_ROOT,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 170_000);
    child.stdout.setEncoding('utf8').on('data', (t) => { stdout += t; });
    child.stderr.setEncoding('utf8').on('data', (t) => {
      stderr += t;
      options.onStderr?.(stderr, child);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Vitest browser commands: `await commands.storefrontCli(args)` runs the built CLI from the repository root. */
export const cliBrowserCommands = {
  /** @param {unknown} _context @param {string[]} args */
  async storefrontCli(_context, args) {
    await ensureCliBuilt();
    return runCli(args);
  },
};
