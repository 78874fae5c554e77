// @ts-check
/**
 * The demo's models made the way a shop makes its own: the package's CLI (`storefront-ml train …`, compiled from src/
 * as `npm run build` does) at build time, e.g. `train recommend` on the demo's SIMULATED event log. The work is skipped when its inputs
 * (the log, the CLI's arguments, the library's source and the lockfile) hash as they did for the folder already there,
 * so a second `npm run demo` is quick.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildCli } from '../harness/cli.mjs';
import { REPO_ROOT } from '../harness/plugins.mjs';

const STAMPS = path.join(REPO_ROOT, 'node_modules', '.cache', 'storefront-ml-demo');
const CLI = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
let built = false;

/** @param {string} dir @returns {string[]} files under `dir`, relative to REPO_ROOT, sorted */
function filesUnder(dir) {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath ?? /** @type {any} */ (e).path, e.name)))
    .sort();
}

/** SHA-256 of what the model depends on: `texts` plus the library's source (src/) and the lockfile. */
function inputsHash(/** @type {string[]} */ texts) {
  const hash = createHash('sha256');
  for (const text of texts) hash.update(`${text.length}:`).update(text);
  for (const file of [...filesUnder('src'), 'package-lock.json', 'src/tsconfig.build.json', 'tsconfig.json']) {
    hash.update(`\0${file}\0`).update(readFileSync(path.join(REPO_ROOT, file)));
  }
  return hash.digest('hex');
}

/** Whether dist/cli/main.js is older than a file of src/ or its tsconfigs (`npm ci` builds it; an edit since does not). */
function cliStale() {
  if (!existsSync(CLI)) return true;
  const built = statSync(CLI).mtimeMs;
  return [...filesUnder('src'), 'tsconfig.json'].some((f) => statSync(path.join(REPO_ROOT, f)).mtimeMs > built);
}

/**
 * Runs `storefront-ml <args>` writing the model folder `out`, unless the inputs are unchanged since the folder was
 * made. `name` keys the stamp; `inputs` are the files the command reads; `main` is the folder's metadata file.
 * Returns what it did and how long it took (the first job that runs also compiles the CLI).
 * @param {{ name: string, args: string[], inputs: string[], out: string, main?: string }} job
 * @returns {{ skipped: boolean, buildMs: number, trainMs: number }}
 */
export function cliModel({ name, args, inputs, out, main = 'metadata.json' }) {
  const stamp = path.join(STAMPS, `${name}.sha256`);
  const hash = inputsHash([args.join('\0'), ...inputs.map((f) => readFileSync(f, 'utf8'))]);
  if (existsSync(path.join(out, main)) && existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) {
    return { skipped: true, buildMs: 0, trainMs: 0 };
  }
  rmSync(stamp, { force: true });
  let t0 = performance.now();
  // The CLI as the package ships it (dist/cli/main.js), compiled from this checkout's src/ when that changed since.
  if (!built && cliStale()) {
    buildCli({ stdio: 'inherit' });
    built = true;
  }
  const buildMs = performance.now() - t0;
  t0 = performance.now();
  rmSync(out, { recursive: true, force: true });
  mkdirSync(path.dirname(out), { recursive: true });
  execFileSync(process.execPath, [CLI, ...args, '--out', path.relative(REPO_ROOT, out)], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  const trainMs = performance.now() - t0;
  mkdirSync(STAMPS, { recursive: true });
  writeFileSync(stamp, hash);
  return { skipped: false, buildMs, trainMs };
}
