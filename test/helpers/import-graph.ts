/**
 * The module graph of a source folder and its import cycles, for the Node-tier check that src/ has none. Reads
 * files as text: static `import … from` / `export … from` / `import '…'` and dynamic `import('…')`, type-only
 * imports included (TypeScript's own pre-processor finds them, so comments and strings do not count).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Every `.ts` file under `dir` (absolute paths), sorted. */
export function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((f) => path.join(dir, f))
    .filter((f) => /\.(ts|mts)$/.test(f) && !f.endsWith('.d.ts') && statSync(f).isFile())
    .sort();
}

/** The relative module specifiers a file imports or re-exports, statically or with `import()`. */
export function relativeSpecifiers(code: string): string[] {
  const { importedFiles } = ts.preProcessFile(code, true, true);
  return importedFiles.map((f) => f.fileName).filter((s) => s.startsWith('./') || s.startsWith('../'));
}

/**
 * The relative modules a file needs at run time: value imports and re-exports, without `import type` (or imports
 * of types only, erased at build time) and without `import()` (split off by a bundler, fetched only when called).
 */
export function runtimeSpecifiers(code: string): string[] {
  const source = ts.createSourceFile('module.ts', code, ts.ScriptTarget.Latest);
  const out: string[] = [];
  for (const node of source.statements) {
    let specifier: ts.Expression | undefined;
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const named = clause?.namedBindings;
      const typesOnly = clause !== undefined && (clause.isTypeOnly || (clause.name === undefined && named !== undefined
        && ts.isNamedImports(named) && named.elements.length > 0 && named.elements.every((e) => e.isTypeOnly)));
      if (!typesOnly) specifier = node.moduleSpecifier;
    } else if (ts.isExportDeclaration(node) && !node.isTypeOnly) specifier = node.moduleSpecifier;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) out.push(specifier.text);
  }
  return out;
}

function resolve(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  return [base, `${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f) && statSync(f).isFile());
}

/**
 * file → the files it imports, for the `.ts` files under `dir`; imports that leave `dir` are dropped. `runtimeOnly`:
 * only the imports {@link runtimeSpecifiers} keeps.
 */
export function importGraph(dir: string, runtimeOnly = false): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const code = readFileSync(file, 'utf8');
    const targets = (runtimeOnly ? runtimeSpecifiers(code) : relativeSpecifiers(code))
      .map((s) => resolve(file, s))
      .filter((f): f is string => f !== undefined && !path.relative(dir, f).startsWith('..'));
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/**
 * One cycle per strongly connected component that has one (Tarjan), each as a path that starts and ends at the same
 * file: `[a, b, a]`. Empty when the graph is acyclic.
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v) as number);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v) as number, index.get(w) as number));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return components.map((component) => cycleWithin(graph, new Set(component)));
}

/** A shortest cycle through the first (sorted) file of a strongly connected component, by breadth-first search. */
function cycleWithin(graph: ReadonlyMap<string, readonly string[]>, component: ReadonlySet<string>): string[] {
  const start = [...component].sort()[0] as string;
  const previous = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const v = queue[i] as string;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const cycle: string[] = [];
        for (let u = v; u !== start; u = previous.get(u) as string) cycle.push(u);
        return [start, ...cycle.reverse(), start];
      }
      if (!previous.has(w) && w !== start) {
        previous.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

/**
 * Every file `entry` reaches in `importGraph(srcDir)`, statically or with import() (`runtimeOnly`: only through
 * imports it needs at run time), sorted (itself included).
 */
export function reachableFrom(srcDir: string, entry: string, runtimeOnly = false): string[] {
  const graph = importGraph(srcDir, runtimeOnly);
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    todo.push(...(graph.get(file) ?? []));
  }
  return [...seen].sort();
}
