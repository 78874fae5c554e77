import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The library, the demo, the tools that train shipped models, the shipped models and the config must work without
// test/: a clone may drop it, and a test helper must never leak into what ships. Tests may import tools, not back.
const ROOT = path.resolve(import.meta.dirname, '../../..');
const SCANNED = ['src', 'demo', 'tools', 'models', 'vite.config.ts'];
const SKIPPED = new Set(['node_modules', 'dist', path.join('demo', 'public', 'data')]);
const CODE = /\.(ts|mts|cts|js|mjs|cjs|html|sh)$/;

const SPECIFIERS = [
  /\bfrom\s*['"]([^'"]+)['"]/g, // import … from '…', export … from '…'
  /\bimport\s*['"]([^'"]+)['"]/g, // import '…'
  /\bimport\s*\(\s*['"]([^'"]+)['"]/g, // import('…')
  /\brequire\s*\(\s*['"]([^'"]+)['"]/g,
  /\bimport\.meta\.glob(?:<[^>]*>)?\(\s*['"]([^'"]+)['"]/g,
  /\bnew URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url/g,
  /\b(?:src|href)="([^"]+)"/g, // <script src>, <link href> in HTML
  /\bnode\s+(\S+\.m?[jt]s)\b/g, // shell scripts running a Node file
];

/** The specifiers in `text` (a file at `file`, relative to ROOT) that resolve into test/. */
function testImports(file: string, text: string): string[] {
  const found: string[] = [];
  for (const pattern of SPECIFIERS) {
    for (const [, spec = ''] of text.matchAll(pattern)) {
      const target = spec.startsWith('.') ? path.resolve(ROOT, path.dirname(file), spec)
        : spec.startsWith('/') || /^test\//.test(spec) ? path.join(ROOT, spec) : null;
      if (target && (target + path.sep).startsWith(path.join(ROOT, 'test') + path.sep)) found.push(spec);
    }
  }
  return found;
}

function files(rel: string): string[] {
  if (SKIPPED.has(rel) || SKIPPED.has(path.basename(rel))) return [];
  const abs = path.join(ROOT, rel);
  try {
    return readdirSync(abs, { withFileTypes: true }).flatMap((e) => files(path.join(rel, e.name)));
  } catch {
    return CODE.test(rel) ? [rel] : []; // a file, not a directory
  }
}

describe('nothing outside test/ imports from test/', () => {
  it('finds the ways a file can reach into test/', () => {
    expect(testImports('tools/eval/x.ts', "import { SHOP_FAQ } from '../../test/fixtures/faq/shop-faq.ts';")).toHaveLength(1);
    expect(testImports('demo/main.ts', "const m = await import('../test/helpers/leak.ts');")).toHaveLength(1);
    expect(testImports('vite.config.ts', "import { x } from './test/harness/plugins.mjs';")).toHaveLength(1);
    expect(testImports('tools/harness/page.ts', "import.meta.glob<{ default: S }>('../../test/eval/*.ts')")).toHaveLength(1);
    expect(testImports('tools/harness/page.html', '<script type="module" src="/test/harness/page.ts"></script>')).toHaveLength(1);
    expect(testImports('models/vision/write-all.sh', 'node test/fixtures/make.mjs')).toHaveLength(1);
    expect(testImports('src/a.ts', "import { b } from './test/b.ts'; import * as tf from '@tensorflow/tfjs';")).toEqual([]);
  });

  it('holds for src/, demo/, tools/, models/ and vite.config.ts', () => {
    const scanned = SCANNED.flatMap(files);
    expect(scanned.length).toBeGreaterThan(50);
    const offenders = scanned.flatMap((f) => testImports(f, readFileSync(path.join(ROOT, f), 'utf8')).map((spec) => `${f}: ${spec}`));
    expect(offenders).toEqual([]);
  });
});
