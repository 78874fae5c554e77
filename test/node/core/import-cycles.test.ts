import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Value imports (not `import type`) between files of src/, as file → imported files. */
function importGraph(root: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (file.endsWith('.ts')) {
        const text = readFileSync(file, 'utf8');
        const deps = [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^;]*?from\s+'(\.[^']+)'/gms)].map((m) => path.resolve(dir, m[1] as string));
        graph.set(file, deps);
      }
    }
  };
  walk(root);
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    if (state.get(file) === 'done') return;
    if (state.get(file) === 'active') {
      found.push(stack.slice(stack.indexOf(file)).concat(file));
      return;
    }
    state.set(file, 'active');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) visit(dep);
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) visit(file);
  return found;
}

describe('src/ imports', () => {
  it('form no cycle in the model families and the file layer (an ESM cycle makes a class undefined at import time)', () => {
    const root = path.resolve('src');
    const scoped = ['intent', 'recommend', 'assistant', 'core'].map((d) => path.join(root, d));
    const found = cycles(importGraph(root))
      .filter((c) => c.some((f) => scoped.some((d) => f.startsWith(d + path.sep))))
      .map((c) => c.map((f) => path.relative(root, f)).join(' → '));
    expect(found).toEqual([]);
  });
});
