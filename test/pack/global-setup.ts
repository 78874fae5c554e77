/**
 * Once per run of the pack tier: `npm run build`, `npm pack` into a temporary folder, and one `npm ci --offline` of
 * a blank app depending on the tarball and its peers (see app-lock.ts for why through a lock). The test files write
 * their pages into that app and share its node_modules; the folder is removed at the end.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { appPackage, type Lock, type PackedManifest } from './app-lock.ts';

const root = path.resolve(import.meta.dirname, '../..');

export interface PackResult {
  /** The temporary folder: the tarball and `app/`. */
  dir: string;
  /** The app with the tarball installed: `app/node_modules/storefront-ml`. */
  app: string;
  tarball: string;
  /** What `npm pack --json` reported. */
  size: number;
  unpackedSize: number;
  files: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    pack: PackResult;
  }
}

function run(command: string, args: string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed with ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

let dir: string | undefined;

export function setup(project: TestProject): void {
  const started = Date.now();
  run('npm', ['run', 'build', '--silent'], root);
  dir = mkdtempSync(path.join(tmpdir(), 'storefront-ml-pack-'));
  // The build just ran; --ignore-scripts keeps `prepare` from running it again and its output out of the JSON.
  const [report] = JSON.parse(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', dir], root)) as
    { filename: string; size: number; unpackedSize: number; files: { path: string }[] }[];
  if (!report) throw new Error('npm pack reported nothing.');
  const tarball = path.join(dir, report.filename);

  const repoLock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as Lock;
  const packed = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackedManifest;
  const at = (name: string) => repoLock.packages[`node_modules/${name}`]?.version ?? 'missing';
  // What a shop's app installs (README's install line), at the versions the repository tests with, plus its tools.
  const roots = Object.fromEntries(
    ['@tensorflow/tfjs', '@tensorflow/tfjs-backend-wasm', '@tensorflow/tfjs-backend-webgpu', 'vite', 'typescript'].map((n) => [n, at(n)]),
  );
  const app = path.join(dir, 'app');
  mkdirSync(app);
  const { packageJson, packageLock } = appPackage({ name: 'blank-shop-app', repoLock, packed, tarballFromApp: `../${report.filename}`, tarballFile: tarball, roots });
  writeFileSync(path.join(app, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
  writeFileSync(path.join(app, 'package-lock.json'), `${JSON.stringify(packageLock, null, 2)}\n`);
  // Offline: from npm's cache only; a file missing from it fails here instead of being downloaded.
  run('npm', ['ci', '--offline', '--no-audit', '--no-fund'], app);
  console.log(`[pack] built, packed ${report.filename} and installed it into a blank app in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  project.provide('pack', { dir, app, tarball, size: report.size, unpackedSize: report.unpackedSize, files: report.files.map((f) => f.path) });
}

export function teardown(): void {
  if (dir && !process.env.STOREFRONT_KEEP_PACK) rmSync(dir, { recursive: true, force: true });
}
