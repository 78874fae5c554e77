/**
 * A shop without the sentence encoder loads none of it: from the assistant's entry, the encoder's loader and
 * tokenizer are reached only through `import()` (or type-only imports, erased at build time), so a bundler splits
 * them off and the page never fetches them (nor the 28 MB) unless `encoder` is given.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reachableFrom } from '../../helpers/import-graph.ts';

const SRC = path.resolve(import.meta.dirname, '../../../src');

describe('the sentence encoder stays out of an assistant that does not use it', () => {
  for (const entry of ['assistant/index.ts', 'index.ts']) {
    it(`${entry} reaches the encoder's loader and tokenizer only through import()`, () => {
      const files = reachableFrom(SRC, path.join(SRC, entry), true).map((f) => path.relative(SRC, f));
      expect(files).toContain('assistant/assistant.ts');
      expect(files).toContain('assistant/encoder/combine.ts'); // pure and small: the n-gram path reads it too
      expect(files.filter((f) => /encoder\/(sentence-encoder|tokenizer|batches)\.ts$/.test(f))).toEqual([]);
      // …which import() does reach.
      expect(reachableFrom(SRC, path.join(SRC, entry)).some((f) => f.endsWith('encoder/sentence-encoder.ts'))).toBe(true);
    });
  }
  it('assistant.ts imports the loader with import()', () => {
    expect(readFileSync(path.join(SRC, 'assistant/assistant.ts'), 'utf8')).toContain("await import('./encoder/sentence-encoder.ts')");
  });
});
