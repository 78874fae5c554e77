import { format } from 'node:util';
import { describe, expect, it } from 'vitest';
import { checkPrinted, extractSnippets, formatPrinted, matchesComment, type Snippet } from '../../helpers/snippets.ts';

const md = [
  '# Title',                                  // 1
  '',                                         // 2
  '```sh',                                    // 3
  '<!-- snippet: inside-a-shell-block -->',   // 4
  '```',                                      // 5
  '<!-- snippet: quickstart-intent -->',      // 6
  '```js',                                    // 7
  "console.log(1); // → 1",                   // 8
  '```',                                      // 9
  '',                                         // 10
  '<!-- snippet: no-run: a vite.config fragment -->', // 11
  '```ts',                                    // 12
  'export default {};',                       // 13
  '```',                                      // 14
  '<!-- snippet: vision-classify data -->',   // 15
  '',                                         // 16
  '```typescript',                            // 17
  'const x: number = 2;',                     // 18
  '```',                                      // 19
  '1. In a list:',                            // 20
  '   ```js',                                 // 21
  '   if (a) {',                              // 22
  '     b();',                                // 23
  '   }',                                     // 24
  '   ```',                                   // 25
  '````md',                                   // 26
  '```js',                                    // 27
  'not a snippet: inside a 4-tick block',     // 28
  '```',                                      // 29
  '````',                                     // 30
].join('\n');

describe('extractSnippets', () => {
  it('returns every js/ts block with its line, id and tier, leaving out no-run blocks and other languages', () => {
    expect(extractSnippets(md, 'README.md')).toEqual([
      { file: 'README.md', line: 7, id: 'quickstart-intent', lang: 'js', code: 'console.log(1); // → 1\n', needsData: false },
      { file: 'README.md', line: 17, id: 'vision-classify', lang: 'ts', code: 'const x: number = 2;\n', needsData: true },
      { file: 'README.md', line: 21, id: null, lang: 'js', code: 'if (a) {\n  b();\n}\n', needsData: false },
    ]);
  });

  it('reads "data" alone as the data tier without an id', () => {
    expect(extractSnippets('<!-- snippet: data -->\n```js\nx\n```\n', 'a.md')[0]).toMatchObject({ id: null, needsData: true });
  });

  it('throws on a marker that would silently skip or mislabel a block', () => {
    expect(() => extractSnippets('<!-- snippet: no-run -->\n```js\nx\n```\n', 'a.md')).toThrow(/a.md:1: .*needs a reason/);
    expect(() => extractSnippets('<!-- snippet: one two -->\n```js\nx\n```\n', 'a.md')).toThrow(/is not "<id>"/);
    expect(() => extractSnippets('<!-- snippet: x -->\n```sh\nnpm test\n```\n', 'a.md')).toThrow(/"sh" block, not js\/ts/);
    expect(() => extractSnippets('<!-- snippet: x -->\nSome prose.\n```js\nx\n```\n', 'a.md')).toThrow(/not followed by a js\/ts/);
    expect(() => extractSnippets('text\n<!-- snippet: x -->\n', 'a.md')).toThrow(/a.md:2: .*not followed/);
    expect(() => extractSnippets('<!-- snippet: x -->\n```js\n```\n<!-- snippet: x -->\n```js\n```\n', 'a.md')).toThrow(/used twice/);
  });
});

describe('formatPrinted', () => {
  it('prints as Node\'s console.log does, on one line', () => {
    expect(formatPrinted(['intent', 0.25, true, null, undefined])).toBe('intent 0.25 true null undefined');
    expect(formatPrinted([{ a: 1, 'b-c': 'x', d: [1, 'two'], e: {} }])).toBe("{ a: 1, 'b-c': 'x', d: [ 1, 'two' ], e: {} }");
    expect(formatPrinted([[]])).toBe('[]');
    expect(formatPrinted([["it's"]])).toBe(`[ "it's" ]`);
    expect(formatPrinted([new Map([['a', 1]]), new Set([2])])).toBe("Map(1) { 'a' => 1 } Set(1) { 2 }");
    expect(formatPrinted([new Float32Array([0.5, 1])])).toBe('Float32Array(2) [ 0.5, 1 ]');
    expect(formatPrinted([{ a: { b: { c: { d: 1 } } } }])).toBe('{ a: { b: { c: [Object] } } }');
    expect(formatPrinted([-0, 10n, Symbol('s')])).toBe('-0 10n Symbol(s)');
    expect(formatPrinted([function named() {}, class K {}])).toBe('[Function: named] [class K]');
    expect(formatPrinted([new Date(0)])).toBe('1970-01-01T00:00:00.000Z');
    expect(formatPrinted([Array.from({ length: 102 }, () => 0)])).toMatch(/0, \.\.\. 2 more items \]$/);
    class Point { x = 1; }
    expect(formatPrinted([new Point(), Object.create(null)])).toBe('Point { x: 1 } [Object: null prototype] {}');
  });

  it('prints what Node\'s console.log prints, up to line breaks', () => {
    class Point { x = 1; }
    const corpus: unknown[][] = [
      ['wasm'], ['s-1', 'up', 0.5], [[{ productId: 'belt', score: 0.3127986192703247 }, { productId: 'scarf', score: 0.046563927084207535 }]],
      [{ erased: [{ name: 'storefront-ml-history', kind: 'history' }], waiting: [] }], [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
      [{ 'a-b': "it's", c: [undefined, null, true], d: { e: { f: { g: 1 } } } }], [new Map([['k', [1]]]), new Set(['v'])],
      [new Float32Array([0.25, 1.5])], [new Point()], [Object.create(null)], [-0, 12n], [2, [], {}], [Symbol('s')],
    ];
    const squash = (t: string) => t.replace(/\s+/g, ' ').trim();
    for (const args of corpus) expect(formatPrinted(args)).toBe(squash(format(...args)));
  });

  it('prints errors with their name, message and own fields, and cycles as [Circular]', () => {
    const error = Object.assign(new TypeError('Intent: bad input. Pass numbers.'), { code: 'invalid-input' });
    expect(formatPrinted([error])).toBe("[TypeError: Intent: bad input. Pass numbers.] { code: 'invalid-input' }");
    const loop: Record<string, unknown> = { a: 1 };
    loop.self = loop;
    expect(formatPrinted([loop])).toBe('{ a: 1, self: [Circular] }');
  });
});

describe('matchesComment', () => {
  it('rounds printed numbers to the digits the comment shows', () => {
    expect(matchesComment('{ score: 0.93 }', '{ score: 0.9312 }')).toBe(true);
    expect(matchesComment('{ score: 0.93 }', '{ score: 0.9362 }')).toBe(false);
    expect(matchesComment('0.9', '0.94')).toBe(true);
    expect(matchesComment('3', '3')).toBe(true);
    expect(matchesComment('3', '4')).toBe(false);
    expect(matchesComment('-0.5', '-0.4999')).toBe(true);
    expect(matchesComment('1.2e-7', '1.23e-7')).toBe(true);
    expect(matchesComment("'mobilenet_v1_025'", "'mobilenet_v1_025'")).toBe(true);
    expect(matchesComment("'v1'", "'v1.5'")).toBe(false);
    expect(matchesComment('12', '123')).toBe(false);
  });

  it('reads … as anything and squashes white space', () => {
    expect(matchesComment("{ backend: 'webgpu', … }", "{ backend: 'webgpu', ms: 12, x: [ 1 ] }")).toBe(true);
    expect(matchesComment('[ { id: … }, … ]', '[ { id: 1 }, { id: 2 } ]')).toBe(true);
    expect(matchesComment('…', '')).toBe(true);
    expect(matchesComment('a  b', 'a\n   b')).toBe(true);
    expect(matchesComment('… 0.5 …', 'x 0.51 y')).toBe(true);
    expect(matchesComment('a … c', 'a b')).toBe(false);
  });
});

describe('checkPrinted', () => {
  const snippet = (code: string): Snippet => ({ file: 'README.md', line: 10, id: 'q', lang: 'js', code, needsData: false });

  it('compares the → comments in order with what was printed', () => {
    const s = snippet("console.log(a); // → 1\nfor (const x of xs) console.log(x);\n// → 'a'\n// → 'b'\n");
    expect(checkPrinted(s, ['1', "'a'", "'b'"])).toEqual([]);
    expect(checkPrinted(s, ['1', "'a'", "'c'"])).toEqual([`README.md:14: expected "'b'", printed "'c'".`]);
  });

  it('reports prints without a comment and comments without a print', () => {
    const s = snippet('console.log(a); // → 1\n');
    expect(checkPrinted(s, [])).toEqual(['README.md:11: expected "1", but nothing more was printed.']);
    expect(checkPrinted(s, ['1', 'extra'])).toEqual(['README.md:10 (q): printed "extra" with no // → comment for it.']);
    expect(checkPrinted(snippet('const a = 1;\n'), [])).toEqual([]);
  });
});
