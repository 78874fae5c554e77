/**
 * The documentation's code blocks, checked without a browser (test/browser/docs/ runs them): every ```ts block of
 * README.md and docs/*.md type-checks against the real sources (tsconfig "paths" map `storefront-ml`), every ```js
 * block is checked as JavaScript for names that do not exist (exports, methods, options) and call shapes, and the README's quick
 * starts keep the rules a shop relies on: plain JavaScript that also compiles as strict TypeScript, importing only the
 * package. Plus the README's own limits: ≤ 200 lines, and the test command .ci/run reads.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { extractSnippets, type Snippet } from '../../helpers/snippets.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const pages = ['README.md', ...readdirSync(path.join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
const snippets = pages.flatMap((file) => extractSnippets(readFileSync(path.join(root, file), 'utf8'), file));
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const quickStarts = snippets.filter((s) => s.file === 'README.md' && s.id?.startsWith('quickstart-'));
const isQuickStart = (s: Snippet) => quickStarts.includes(s);

function baseOptions(): ts.CompilerOptions {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  return config.options;
}

/**
 * TypeScript's codes for a name that does not exist where the snippet uses it: no such module (2307) or export
 * (2305, 2724), property or method (2339, 2551), option in an object literal (2353, 2561); a call with the wrong
 * number of arguments (2554, 2555) or of something not callable (2349).
 */
const API_DRIFT = new Set([2305, 2307, 2339, 2349, 2353, 2551, 2554, 2555, 2561, 2724]);

/**
 * Type-checks each snippet as its own module file (under test/, so "paths" and "types" apply); problems by snippet,
 * only those with a code in `only` when given.
 */
function typeCheck(list: Snippet[], ext: '.ts' | '.js', options: ts.CompilerOptions, only?: Set<number>): string[] {
  const files = new Map(list.map((s) => [
    path.join(root, 'test', `snippet-${s.file.replace(/\W/g, '-')}-${s.line}${ext}`),
    { s, text: `${s.code}\nexport {};\n` },
  ]));
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (f) => files.has(f) || fileExists.call(host, f);
  host.readFile = (f) => files.get(f)?.text ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) => {
    const file = files.get(f);
    return file === undefined ? getSourceFile.call(host, f, lang, ...rest) : ts.createSourceFile(f, file.text, lang);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  return ts.getPreEmitDiagnostics(program).flatMap((d) => {
    const file = d.file && files.get(d.file.fileName);
    if (!file || !d.file || (only && !only.has(d.code))) return [];
    const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
    return [`${file.s.file}:${file.s.line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`];
  });
}

describe('the documentation\'s snippets', () => {
  it('are there: the README has one quick start per capability', () => {
    expect(quickStarts.map((s) => s.id)).toEqual(expect.arrayContaining(
      ['runtime', 'history', 'intent', 'recommend', 'vision', 'assistant', 'privacy'].map((c) => `quickstart-${c}`),
    ));
  });

  it('type-check: TypeScript blocks and the quick starts as strict TypeScript, JavaScript blocks as JavaScript', () => {
    // As a shop's strict app compiles them (Vite's TypeScript template: strict, without noUncheckedIndexedAccess).
    const options = { ...baseOptions(), noUncheckedIndexedAccess: false };
    const asTs = snippets.filter((s) => s.lang === 'ts' || isQuickStart(s));
    const asJs = snippets.filter((s) => s.lang === 'js' && !isQuickStart(s));
    // JavaScript blocks: what would break a reader's copy (a name that is not exported, a method or option that does
    // not exist, a wrong argument count), not TypeScript's strictness (string literals widened, unknown in catch).
    const jsOptions = { ...options, allowJs: true, checkJs: true, strict: false, noImplicitAny: false, strictNullChecks: false, useUnknownInCatchVariables: false };
    const problems = [
      ...typeCheck(asTs, '.ts', options),
      ...(asJs.length ? typeCheck(asJs, '.js', jsOptions, API_DRIFT) : []),
    ];
    expect(problems).toEqual([]);
  });

  it('quick starts are plain JavaScript importing only storefront-ml and its subpaths', () => {
    for (const s of quickStarts) {
      expect(s.lang, `${s.file}:${s.line} (${s.id})`).toBe('js');
      const sources = [...s.code.matchAll(/\bfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2]);
      expect(sources.length, `${s.id} imports the package`).toBeGreaterThan(0);
      for (const source of sources) expect(source, `${s.id}`).toMatch(/^storefront-ml(\/[a-z-]+)?$/);
      // Transpiling as JavaScript must leave the code as it is: no type syntax for esbuild to strip.
      const out = ts.transpileModule(s.code, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext }, fileName: 'q.js', reportDiagnostics: true });
      expect(out.diagnostics ?? [], `${s.id} is not plain JavaScript`).toEqual([]);
    }
  });
});

describe('README.md', () => {
  it('stays a first hour\'s read: at most 200 lines', () => {
    expect(readme.split('\n').length - (readme.endsWith('\n') ? 1 : 0)).toBeLessThanOrEqual(200);
  });

  it('keeps the test command .ci/run reads: the marker, then a sh block whose first line is npm test', () => {
    expect(readme).toMatch(/<!-- ci:test-command -->\n```sh\nnpm test\n/);
  });
});
