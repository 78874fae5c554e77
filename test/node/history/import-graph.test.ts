/**
 * The history store stays small for a shop that only records events: what `openHistory` imports (statically or with
 * import()) is src/history and src/core code plus idb, never TensorFlow.js. The pack tier measures the bundle this
 * gives (test/pack/sizes.test.ts: the README's history quick start); this keeps a stray import from growing it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { reachableFrom } from '../../helpers/import-graph.ts';

const SRC = path.resolve(import.meta.dirname, '../../../src');

const packagesOf = (file: string) => ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles
  .map((f) => f.fileName)
  .filter((s) => !s.startsWith('.'));

describe('openHistory\'s import graph', () => {
  const files = reachableFrom(SRC, path.join(SRC, 'history', 'store.ts'));

  it('stays within src/history and src/core', () => {
    expect(files.length).toBeGreaterThan(5);
    expect(files.map((f) => path.relative(SRC, f)).filter((f) => !/^(history|core)\//.test(f))).toEqual([]);
  });

  it('imports no package but idb: no TensorFlow.js, even lazily', () => {
    const packages = new Set(files.flatMap(packagesOf));
    expect([...packages].sort()).toEqual(['idb']);
  });
});
