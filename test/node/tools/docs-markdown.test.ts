import { describe, expect, it } from 'vitest';
import { anchors, codeSpanNames, firstCells, optionsTables, relativeLinks, slug, withoutCodeBlocks } from '../../../tools/docs/markdown.mjs';

const page = [
  '# Runtime: backends and the `WASM` binaries',
  'See [errors](errors.md#every-code), [here](#options), [site](https://example.com) and `loadX(source,',
  'options)`.',
  '```js',
  "console.log('[not a link](nowhere.md)', `inCode`);",
  '```',
  '## Options',
  '<!-- options: RuntimeOptions OtherOptions -->',
  '| option | type |',
  '|---|---|',
  '| `backend` | `BackendChoice` |',
  '| `retention.maxAgeMs`, `wasmPaths` | x \\| y |',
  '',
  '## Options',
  '<a id="custom"></a>',
].join('\n');

describe('the Markdown the docs drift check reads', () => {
  it('blanks code blocks but keeps line numbers', () => {
    const text = withoutCodeBlocks(page);
    expect(text.split('\n')).toHaveLength(page.split('\n').length);
    expect(text).not.toContain('nowhere.md');
  });

  it('finds identifiers in code spans, also wrapped ones, and the types options tables are marked for', () => {
    const names = codeSpanNames(page);
    for (const n of ['WASM', 'loadX', 'source', 'options', 'backend', 'RuntimeOptions', 'OtherOptions']) expect(names).toContain(n);
    expect(names).not.toContain('inCode');
  });

  it('reads a marked options table, dotted names kept whole', () => {
    expect(optionsTables(page)).toEqual([
      { interfaces: ['RuntimeOptions', 'OtherOptions'], line: 8, rows: ['backend', 'retention.maxAgeMs', 'wasmPaths'] },
    ]);
    expect(firstCells(page)).toContain('`backend`');
  });

  it('makes anchors as GitHub does', () => {
    expect(slug('Runtime: backends and the `WASM` binaries')).toBe('runtime-backends-and-the-wasm-binaries');
    expect(slug('Everything `storefront-ml/runtime` exports')).toBe('everything-storefront-mlruntime-exports');
    expect([...anchors(page)]).toEqual(['runtime-backends-and-the-wasm-binaries', 'options', 'options-1', 'custom']);
  });

  it('lists relative links only, outside code', () => {
    expect(relativeLinks(page)).toEqual([{ line: 2, target: 'errors.md#every-code' }, { line: 2, target: '#options' }]);
  });
});
