/**
 * Keeps the reference in docs/ from drifting away from the code: every exported name is on its entry's page, every
 * `…Options` interface has an options table with exactly its properties, docs/errors.md lists exactly the error
 * codes, and every relative link and #anchor of the Markdown resolves. Each failure says what to add where.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSurface, root } from '../../../tools/docs/api-surface.mjs';
import { anchors, codeSpanNames, firstCells, optionsTables, relativeLinks } from '../../../tools/docs/markdown.mjs';

/** Where each package entry is documented. The shared pages below document what several entries re-export. */
const PAGES: Record<string, string[]> = {
  './runtime': ['docs/runtime.md'],
  './wasm-vite': ['docs/runtime.md'],
  './history': ['docs/history.md', 'docs/privacy.md'],
  './intent': ['docs/intent.md'],
  './recommend': ['docs/recommend.md'],
  './vision': ['docs/vision.md'],
  './assistant': ['docs/assistant.md'],
  './pipeline': ['docs/pipeline.md'],
  './eval': ['docs/eval.md'],
  './vite': ['docs/model-files.md', 'docs/no-bundler.md'],
};
const SHARED = ['docs/model-files.md', 'docs/lifecycle.md', 'docs/errors.md'];
const docsPages = readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`).sort();
const MARKDOWN = ['README.md', 'CONTRIBUTING.md', ...docsPages];

const read = (file: string): string => (existsSync(path.join(root, file)) ? readFileSync(path.join(root, file), 'utf8') : '');
/** The pages an entry's names may be documented on; the root entry's on any page. */
const pagesOf = (entry: string): string[] => (entry === '.' ? docsPages : [...(PAGES[entry] ?? []), ...SHARED]);

let surface: ReturnType<typeof loadSurface>;
beforeAll(() => {
  surface = loadSurface();
}, 60_000);

describe('the reference in docs/', () => {
  it('has a page for every package entry', () => {
    const problems = [...surface.exportsByEntry.keys()]
      .filter((entry) => entry !== '.' && !(PAGES[entry] ?? []).some((page) => existsSync(path.join(root, page))))
      .map((entry) => `package.json exports "${entry}" has no docs page: write one and add it to PAGES in test/node/docs/reference.test.ts`);
    expect(problems).toEqual([]);
  });

  it('names every exported name on the page of its entry', () => {
    const problems: string[] = [];
    for (const [entry, { specifier, names }] of surface.exportsByEntry) {
      const pages = pagesOf(entry).filter((p) => existsSync(path.join(root, p)));
      const documented = new Set(pages.flatMap((p) => [...codeSpanNames(read(p))]));
      for (const { name, kind } of names) {
        // A default export is documented under the name it also has (storefront-ml/vite's storefrontMl).
        if (name !== 'default' && !documented.has(name)) problems.push(`${specifier} exports ${kind} ${name}: write \`${name}\` in ${pages[0] ?? 'its docs page'} and say what it is`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has an options table with exactly the properties of every exported …Options type', () => {
    const problems: string[] = [];
    const tables = docsPages.flatMap((page) => optionsTables(read(page)).map((t) => ({ ...t, page })));
    for (const table of tables) {
      for (const name of table.interfaces) {
        if (!surface.options.has(name)) problems.push(`${table.page}:${table.line}: <!-- options: ${name} --> names no exported …Options type; fix the name or remove it`);
      }
      const known = table.interfaces.map((n) => surface.options.get(n)).filter((o) => o !== undefined);
      for (const row of new Set(table.rows)) {
        const [head = '', ...rest] = row.split('.');
        const props = known.flatMap((o) => o.properties.filter((p) => p.name === head));
        if (props.length === 0) {
          problems.push(`${table.page}:${table.line}: option \`${row}\` is not a property of ${table.interfaces.join(' or ')}: remove the row or add the property`);
        } else if (rest.length > 0 && !props.some((p) => p.members.includes(rest[0] ?? ''))) {
          problems.push(`${table.page}:${table.line}: option \`${row}\`: ${head} has no property ${rest[0]}; fix the row`);
        }
      }
    }
    for (const options of surface.options.values()) {
      const pages = [...new Set(options.entries.flatMap(pagesOf))];
      const mine = tables.filter((t) => t.interfaces.includes(options.name) && pages.includes(t.page));
      if (mine.length === 0) {
        problems.push(`${options.name} (${options.entries.join(', ')}) has no options table: add \`<!-- options: ${options.name} -->\` and a table ` +
          `| option | type | default | what | with rows ${options.properties.map((p) => p.name).join(', ')} to ${pages[0]}`);
        continue;
      }
      const rows = new Set(mine.flatMap((t) => t.rows.map((r) => r.split('.')[0])));
      const missing = options.properties.filter((p) => !rows.has(p.name));
      for (const p of missing) {
        problems.push(`${mine[0]?.page}:${mine[0]?.line}: ${options.name}.${p.name} is missing from its options table: add a row \`${p.name}\` (${p.type}, default ${p.defaultValue ?? '–'})`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('lists exactly the ErrorCode union in docs/errors.md', () => {
    const written = firstCells(read('docs/errors.md')).map((cell) => /^`([A-Z][A-Z_]+)`$/.exec(cell)?.[1]).filter((c) => c !== undefined);
    const codes = surface.errorCodes;
    const problems = [
      ...codes.filter((c) => !written.includes(c)).map((c) => `docs/errors.md has no row for ${c}: add | \`${c}\` | when | what to do |`),
      ...written.filter((c) => !codes.includes(c)).map((c) => `docs/errors.md lists ${c}, which src/core/errors.ts does not have: remove the row`),
      ...written.filter((c, i) => written.indexOf(c) !== i).map((c) => `docs/errors.md lists ${c} twice`),
    ];
    expect(problems).toEqual([]);
  });

  it('has relative links and #anchors that resolve', () => {
    const problems: string[] = [];
    for (const file of MARKDOWN) {
      if (!existsSync(path.join(root, file))) continue;
      for (const { line, target } of relativeLinks(read(file))) {
        const [filePart = '', anchor] = target.split('#');
        const resolved = filePart === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), decodeURI(filePart)));
        if (!existsSync(path.join(root, resolved))) {
          problems.push(`${file}:${line}: link to ${target}: ${resolved} does not exist`);
          continue;
        }
        if (anchor && resolved.endsWith('.md') && !anchors(read(resolved)).has(decodeURIComponent(anchor))) {
          problems.push(`${file}:${line}: link to ${target}: ${resolved} has no heading with anchor #${anchor}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
