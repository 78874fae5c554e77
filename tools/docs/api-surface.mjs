// @ts-check
/**
 * The public surface as the TypeScript compiler sees it: for each entry of package.json "exports", the names its
 * source module exports, and for each exported `…Options` interface its properties with their `@default`. Used by
 * the reference drift check (test/node/docs/reference.test.ts) and, run directly, prints the surface as JSON for
 * whoever writes a docs page (`node tools/docs/api-surface.mjs [--options | --table <entry>]`, e.g. `--table ./vision`).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * The source module of each package entry: `./dist/x/index.d.ts` → `src/x/index.ts`.
 * @returns {{ entry: string, specifier: string, source: string }[]}
 */
export function packageEntries() {
  const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
  /** @type {{ entry: string, specifier: string, source: string }[]} */
  const entries = [];
  for (const [entry, target] of Object.entries(pkg.exports)) {
    const types = typeof target === 'string' ? target : target.types;
    if (typeof types !== 'string' || !types.endsWith('.d.ts')) continue; // ./package.json and the like
    const source = types.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts');
    entries.push({ entry, specifier: entry === '.' ? pkg.name : `${pkg.name}/${entry.slice(2)}`, source });
  }
  return entries;
}

/** @typedef {{ name: string, kind: 'function' | 'class' | 'const' | 'interface' | 'type' | 'enum' | 'namespace', summary: string }} ExportedName */
/** @typedef {{ name: string, type: string, optional: boolean, defaultValue: string | null, summary: string, members: string[] }} OptionProperty */
/** @typedef {{ name: string, entries: string[], properties: OptionProperty[] }} OptionsInterface */

/** @param {ts.Symbol} symbol @param {ts.TypeChecker} checker */
function kindOf(symbol, checker) {
  const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
  const f = target.flags;
  if (f & ts.SymbolFlags.Function) return 'function';
  if (f & ts.SymbolFlags.Class) return 'class';
  if (f & ts.SymbolFlags.Enum) return 'enum';
  if (f & ts.SymbolFlags.Variable) return 'const';
  if (f & ts.SymbolFlags.Interface) return 'interface';
  if (f & ts.SymbolFlags.TypeAlias) return 'type';
  return 'namespace';
}

/** @param {ts.Symbol} symbol @param {ts.TypeChecker} checker */
function summaryOf(symbol, checker) {
  const text = ts.displayPartsToString(symbol.getDocumentationComment(checker)).replace(/\s+/g, ' ').trim();
  const end = text.search(/\.(\s|$)/);
  return end === -1 ? text : text.slice(0, end + 1);
}

/** One program over every entry's source (tsconfig.json's options, so "paths" and .ts imports resolve). */
export function loadSurface() {
  const config = ts.getParsedCommandLineOfConfigFile(path.join(root, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!config) throw new Error('tsconfig.json could not be read');
  const entries = packageEntries();
  const program = ts.createProgram(entries.map((e) => path.join(root, e.source)), config.options);
  const checker = program.getTypeChecker();

  /** @type {Map<string, { specifier: string, source: string, names: ExportedName[] }>} */
  const exportsByEntry = new Map();
  /** @type {Map<string, OptionsInterface>} */
  const options = new Map();
  for (const e of entries) {
    const file = program.getSourceFile(path.join(root, e.source));
    const moduleSymbol = file && checker.getSymbolAtLocation(file);
    if (!moduleSymbol) throw new Error(`${e.source} (package.json exports["${e.entry}"]) could not be compiled`);
    const names = checker.getExportsOfModule(moduleSymbol).map((s) => {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      return { name: s.getName(), kind: kindOf(s, checker), summary: summaryOf(target, checker) };
    });
    names.sort((a, b) => a.name.localeCompare(b.name));
    exportsByEntry.set(e.entry, { specifier: e.specifier, source: e.source, names: /** @type {ExportedName[]} */ (names) });
    for (const s of checker.getExportsOfModule(moduleSymbol)) {
      const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
      if (!s.getName().endsWith('Options') || !(target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias))) continue;
      const known = options.get(s.getName());
      if (known) {
        known.entries.push(e.entry);
        continue;
      }
      const type = checker.getDeclaredTypeOfSymbol(target);
      if (!(type.flags & ts.TypeFlags.Object) && !type.isIntersection()) continue; // a union of literals, say
      const properties = checker.getPropertiesOfType(type).map((p) => {
        const decl = p.valueDeclaration ?? p.declarations?.[0];
        const propType = decl ? checker.getTypeOfSymbolAtLocation(p, decl) : checker.getAnyType();
        const tag = p.getJsDocTags(checker).find((t) => t.name === 'default');
        const nonNull = checker.getNonNullableType(propType);
        const members = nonNull.isClassOrInterface() || (nonNull.flags & ts.TypeFlags.Object && !checker.getSignaturesOfType(nonNull, ts.SignatureKind.Call).length && !checker.isArrayType(nonNull))
          ? checker.getPropertiesOfType(nonNull).map((m) => m.getName())
          : [];
        return {
          name: p.getName(),
          type: checker.typeToString(propType, undefined, ts.TypeFormatFlags.NoTruncation),
          optional: (p.flags & ts.SymbolFlags.Optional) !== 0,
          defaultValue: tag ? ts.displayPartsToString(tag.text).trim() : null,
          summary: summaryOf(p, checker),
          members,
        };
      });
      options.set(s.getName(), { name: s.getName(), entries: [e.entry], properties });
    }
  }
  return { exportsByEntry, options, errorCodes: errorCodesOf(program, checker) };
}

/** The string literals of the `ErrorCode` union in src/core/errors.ts. @param {ts.Program} program @param {ts.TypeChecker} checker */
function errorCodesOf(program, checker) {
  const file = program.getSourceFile(path.join(root, 'src/core/errors.ts'));
  const moduleSymbol = file && checker.getSymbolAtLocation(file);
  const symbol = moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.getName() === 'ErrorCode');
  if (!symbol) throw new Error('src/core/errors.ts exports no ErrorCode type');
  const type = checker.getDeclaredTypeOfSymbol(symbol);
  const members = type.isUnion() ? type.types : [type];
  return members.filter((t) => t.isStringLiteral()).map((t) => /** @type {ts.StringLiteralType} */ (t).value).sort();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { exportsByEntry, options } = loadSurface();
  const table = process.argv.indexOf('--table');
  if (table !== -1) {
    // A starting point for a page's "everything this entry exports" table: the first sentence of each TSDoc.
    const entry = exportsByEntry.get(process.argv[table + 1] ?? '');
    if (!entry) throw new Error(`--table <entry>: one of ${[...exportsByEntry.keys()].join(', ')}`);
    const order = ['function', 'class', 'const', 'interface', 'type', 'enum', 'namespace'];
    const rows = [...entry.names].sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind) || a.name.localeCompare(b.name));
    console.log('| name | kind | what |\n|---|---|---|');
    for (const n of rows) console.log(`| \`${n.name}\` | ${n.kind} | ${n.summary.replace(/\|/g, '\\|')} |`);
  } else {
    const out = process.argv.includes('--options') ? [...options.values()] : Object.fromEntries(exportsByEntry);
    console.log(JSON.stringify(out, null, 1));
  }
}
