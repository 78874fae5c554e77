import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAtomicDir, withAtomicDir } from '../../../src/cli/atomic-dir.ts';
import { code } from '../../helpers/errors.ts';

const root = mkdtempSync(path.join(tmpdir(), 'storefront-atomic-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('the atomic --out folder', () => {
  it('appears only when complete, with every file', async () => {
    const out = path.join(root, 'a', 'model');
    await withAtomicDir(out, {}, async (dir) => {
      await dir.write('metadata.json', '{}\n');
      await dir.write('shards/w.bin', new Uint8Array([1, 2, 3]));
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(path.dirname(out)).filter((n) => n.startsWith('.model.partial-'))).toHaveLength(1);
    });
    expect(readFileSync(path.join(out, 'metadata.json'), 'utf8')).toBe('{}\n');
    expect([...readFileSync(path.join(out, 'shards/w.bin'))]).toEqual([1, 2, 3]);
    expect(readdirSync(path.dirname(out))).toEqual(['model']);
  });

  it('leaves nothing in or at --out when the work fails midway', async () => {
    const out = path.join(root, 'b', 'model');
    await expect(withAtomicDir(out, {}, async (dir) => {
      await dir.write('metadata.json', '{}');
      throw new Error('training diverged');
    })).rejects.toThrow('training diverged');
    expect(readdirSync(path.dirname(out))).toEqual([]);
  });

  it('refuses a non-empty --out unless forced, and keeps it intact when the forced run fails', async () => {
    const out = path.join(root, 'c');
    mkdirSync(out);
    writeFileSync(path.join(out, 'old.txt'), 'old');
    expect(await code(openAtomicDir(out))).toBe('INVALID_INPUT');
    await expect(withAtomicDir(out, { force: true }, async () => { throw new Error('no'); })).rejects.toThrow('no');
    expect(readdirSync(out)).toEqual(['old.txt']);
    await withAtomicDir(out, { force: true }, async (dir) => dir.write('new.txt', 'new'));
    expect(readdirSync(out)).toEqual(['new.txt']);
    expect(readdirSync(root).filter((n) => n.startsWith('.c.'))).toEqual([]);
  });

  it('accepts an empty existing folder, refuses a file, and refuses paths that leave the folder', async () => {
    const out = path.join(root, 'd');
    mkdirSync(out);
    await withAtomicDir(out, {}, async (dir) => dir.write('x', 'y'));
    expect(readdirSync(out)).toEqual(['x']);
    writeFileSync(path.join(root, 'file'), '');
    expect(await code(openAtomicDir(path.join(root, 'file')))).toBe('INVALID_INPUT');
    await expect(withAtomicDir(path.join(root, 'e'), {}, (dir) => dir.write('../escape', 'x'))).rejects.toThrow(/leave the output folder/);
    expect(existsSync(path.join(root, 'escape'))).toBe(false);
    expect(existsSync(path.join(root, 'e'))).toBe(false);
  });

  it('removes a temp folder left by a process that was killed mid-write', async () => {
    const out = path.join(root, 'f');
    const stale = path.join(root, '.f.partial-999999999-deadbeef');
    mkdirSync(stale);
    writeFileSync(path.join(stale, 'half.bin'), 'half');
    await withAtomicDir(out, {}, async (dir) => dir.write('x', 'y'));
    expect(existsSync(stale)).toBe(false);
  });
});
