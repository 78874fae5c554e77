/**
 * A shop without the sentence encoder loads none of it: from the assistant's entry, the encoder's modules are
 * reached only through `import()` (or type-only imports, erased at build time), so a bundler splits them off and the
 * page never fetches them unless `encoder` is given.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '../../../src');

/** Relative modules `file` imports at run time: value imports and re-exports, no `import type`, no `import()`. */
function runtimeImports(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const node of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly = clause !== undefined && (clause.isTypeOnly
        || (clause.name === undefined && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings)
          && clause.namedBindings.elements.length > 0 && clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      if (!typeOnly) specifier = node.moduleSpecifier;
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly) specifier = node.moduleSpecifier;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) out.push(path.resolve(path.dirname(file), specifier.text));
  }
  return out;
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const stack = [entry];
  while (stack.length > 0) {
    const file = stack.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    stack.push(...runtimeImports(file));
  }
  return seen;
}

describe('the sentence encoder stays out of an assistant that does not use it', () => {
  for (const entry of ['assistant/index.ts', 'index.ts']) {
    it(`${entry} reaches the encoder's loader and tokenizer only through import()`, () => {
      const files = [...reachable(path.join(SRC, entry))].map((f) => path.relative(SRC, f));
      expect(files).toContain('assistant/assistant.ts');
      expect(files.filter((f) => /encoder\/(sentence-encoder|tokenizer|batches)\.ts$/.test(f))).toEqual([]);
    });
  }
  it('assistant.ts imports the loader with import()', () => {
    expect(readFileSync(path.join(SRC, 'assistant/assistant.ts'), 'utf8')).toContain("await import('./encoder/sentence-encoder.ts')");
  });
});
