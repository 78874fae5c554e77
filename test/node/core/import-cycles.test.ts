import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph, relativeSpecifiers } from '../../helpers/import-graph.ts';

const src = path.resolve(import.meta.dirname, '../../../src');

function show(cycle: string[], dir: string): string {
  return cycle.map((f) => path.relative(dir, f)).join(' → ');
}

describe('import cycles', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'import-graph-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('reads static, re-export, type-only and dynamic specifiers, not comments or strings', () => {
    const code = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "export * from './d/index.ts';",
      "import './side-effect.ts';",
      "const e = await import('./e.ts');",
      "import * as tf from '@tensorflow/tfjs';",
      "// import { no } from './commented.ts';",
      "const text = \"from './in-a-string.ts'\";",
    ].join('\n');
    expect(relativeSpecifiers(code)).toEqual(['./a.ts', '../b.ts', './c.ts', './d/index.ts', './side-effect.ts', './e.ts']);
  });

  it('finds a cycle through a dynamic import and one through a folder index', () => {
    mkdirSync(path.join(scratch, 'x'), { recursive: true });
    writeFileSync(path.join(scratch, 'a.ts'), "import { b } from './b.ts';\nexport const a = 1;\n");
    writeFileSync(path.join(scratch, 'b.ts'), "export const b = async () => (await import('./c.ts')).c;\n");
    writeFileSync(path.join(scratch, 'c.ts'), "export { a as c } from './a.ts';\n");
    writeFileSync(path.join(scratch, 'x/index.ts'), "export { y } from './y.ts';\n");
    writeFileSync(path.join(scratch, 'x/y.ts'), "import type { Z } from './index.ts';\nexport const y = 2;\n");
    writeFileSync(path.join(scratch, 'leaf.ts'), "import { a } from './a.ts';\nimport { y } from './x/index.ts';\n");
    const cycles = findCycles(importGraph(scratch)).map((c) => show(c, scratch)).sort();
    expect(cycles).toEqual(['a.ts → b.ts → c.ts → a.ts', 'x/index.ts → x/y.ts → x/index.ts']);
  });

  it('src/ has none', () => {
    const graph = importGraph(src);
    expect(graph.size).toBeGreaterThan(50);
    expect(findCycles(graph).map((c) => show(c, src))).toEqual([]);
  });
});
