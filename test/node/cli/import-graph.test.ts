import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { reachableFrom, sourceFiles } from '../../helpers/import-graph.ts';

const SRC = path.resolve(import.meta.dirname, '../../../src');
const specifiers = (file: string) => ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);

/** Every src file the CLI's entry reaches, statically or with import(). */
const reachedFromCli = () => reachableFrom(SRC, path.join(SRC, 'cli', 'main.ts'));

describe('the CLI\'s import graph runs under plain Node 20 after tsc', () => {
  it('reaches no Vite-only import (?url, ?raw, import.meta.glob / env)', () => {
    const files = reachedFromCli();
    expect(files.length).toBeGreaterThan(20);
    expect(files).not.toContain(path.join(SRC, 'runtime', 'wasm-vite.ts'));
    for (const file of files) {
      const rel = path.relative(SRC, file);
      expect(specifiers(file).filter((s) => s.includes('?')), rel).toEqual([]);
      expect(readFileSync(file, 'utf8'), rel).not.toMatch(/import\.meta\.(glob|env)\b/);
    }
  });

  it('keeps src/pipeline browser-safe: no node: imports', () => {
    for (const file of sourceFiles(path.join(SRC, 'pipeline'))) {
      expect(specifiers(file).filter((s) => s.startsWith('node:') || ['fs', 'path', 'child_process'].includes(s)), path.relative(SRC, file)).toEqual([]);
    }
  });
});
