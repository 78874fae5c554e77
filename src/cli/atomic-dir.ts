/**
 * The atomic `--out` folder: files are written into a hidden temp folder beside `--out` (same file system, so the
 * final rename is atomic), each file fsync'd, then the folder is renamed onto `--out` and the parent fsync'd. On any
 * failure, or SIGINT/SIGTERM, the temp folder is removed and nothing is left in or at `--out`; after a SIGKILL the
 * temp folder (`.<name>.partial-<pid>-<random>`) may stay beside it, never `--out` itself, and the next run
 * removes such folders left by dead processes.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { StorefrontError } from '../core/errors.ts';

const live = new Set<string>();
let exitHook = false;

function removeLiveSync(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

async function fsyncPath(p: string, flags = 'r'): Promise<void> {
  const handle = await open(p, flags);
  try {
    await handle.sync();
  } catch (error) {
    // Some file systems refuse fsync on a directory (EINVAL/EISDIR); the rename is still atomic there.
    if (!['EINVAL', 'EISDIR', 'EPERM', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes temp folders of `target` left by processes that no longer run (a SIGKILL mid-write). */
function sweepStale(target: string): void {
  const parent = path.dirname(target);
  const prefix = `.${path.basename(target)}.partial-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const pid = Number(name.slice(prefix.length).split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !alive(pid)) rmSync(path.join(parent, name), { recursive: true, force: true });
  }
}

export interface AtomicDirOptions {
  /** Replace an existing non-empty `--out` (it is swapped out only once the new folder is complete). @default false */
  force?: boolean;
}

/** An open atomic output folder. */
export interface AtomicDir {
  /** Where `--out` will be. */
  readonly target: string;
  /** The temp folder being written. */
  readonly dir: string;
  /** Writes one file (relative path, `/`-separated; folders are created), fsync'd. Refuses paths leaving the folder. */
  write(rel: string, data: string | Uint8Array | ArrayBuffer): Promise<void>;
  /** Writes every file of a `toFiles()` result. */
  writeAll(files: Readonly<Record<string, string | Uint8Array | ArrayBuffer>>): Promise<void>;
  /** Moves the folder onto `--out`. */
  commit(): Promise<void>;
  /** Removes the temp folder (after a failure). Idempotent; a no-op after commit. */
  discard(): Promise<void>;
}

/** Checks `--out` can be written (not a file; empty or absent unless `force`) and opens the temp folder beside it. */
export async function openAtomicDir(out: string, options: AtomicDirOptions = {}): Promise<AtomicDir> {
  const target = path.resolve(out);
  if (existsSync(target)) {
    const s = await stat(target);
    if (!s.isDirectory()) throw new StorefrontError('INVALID_INPUT', `--out ${out} is a file. Give a folder path (it is created).`, { details: { out: target } });
    if ((await readdir(target)).length > 0 && !options.force) {
      throw new StorefrontError('INVALID_INPUT', `--out ${out} already exists and is not empty. Choose a new folder, or pass --force to replace it.`, { details: { out: target } });
    }
  }
  const parent = path.dirname(target);
  await mkdir(parent, { recursive: true });
  sweepStale(target);
  const dir = path.join(parent, `.${path.basename(target)}.partial-${process.pid}-${randomBytes(4).toString('hex')}`);
  await mkdir(dir);
  live.add(dir);
  if (!exitHook) {
    exitHook = true;
    // Last resort when the process exits without reaching discard() (process.exit from elsewhere).
    process.on('exit', removeLiveSync);
  }
  let state: 'open' | 'committed' | 'discarded' = 'open';
  const check = () => {
    if (state !== 'open') throw new StorefrontError('INTERNAL', `Output folder ${out}: already ${state}.`);
  };
  const handle: AtomicDir = {
    target,
    dir,
    async write(rel, data) {
      check();
      const file = path.resolve(dir, ...rel.split('/'));
      if (!file.startsWith(dir + path.sep)) throw new StorefrontError('INTERNAL', `Output file ${JSON.stringify(rel)} would leave the output folder.`);
      await mkdir(path.dirname(file), { recursive: true });
      const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data instanceof Uint8Array ? data : new Uint8Array(data);
      const f = await open(file, 'wx');
      try {
        await f.writeFile(bytes);
        await f.sync();
      } finally {
        await f.close();
      }
    },
    async writeAll(files) {
      for (const [rel, data] of Object.entries(files)) await handle.write(rel, data);
    },
    async commit() {
      check();
      await fsyncPath(dir);
      let old: string | undefined;
      if (existsSync(target)) {
        // Empty, or --force: move it aside first, so a failed swap can put it back.
        old = `${dir}.old`;
        await rename(target, old);
      }
      try {
        await rename(dir, target);
      } catch (error) {
        if (old) await rename(old, target).catch(() => undefined);
        throw new StorefrontError('STORAGE_FAILED', `Could not move the finished output into ${out}: ${(error as Error).message}.`, { cause: error });
      }
      state = 'committed';
      live.delete(dir);
      if (old) await rm(old, { recursive: true, force: true });
      await fsyncPath(parent).catch(() => undefined);
    },
    async discard() {
      if (state !== 'open') return;
      state = 'discarded';
      live.delete(dir);
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}

/**
 * Runs `write` against a fresh atomic folder and commits it; any throw (or an abort) discards it and rethrows.
 * Returns what `write` returned.
 */
export async function withAtomicDir<T>(out: string, options: AtomicDirOptions, write: (dir: AtomicDir) => Promise<T>): Promise<T> {
  const dir = await openAtomicDir(out, options);
  try {
    const result = await write(dir);
    await dir.commit();
    return result;
  } catch (error) {
    await dir.discard();
    throw error;
  }
}
