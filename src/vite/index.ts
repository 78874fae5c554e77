/**
 * The Vite plugin (`storefront-ml/vite`): serves in `vite dev` and writes into `vite build` the files storefront-ml
 * loads at run time, at the URLs every quick start assumes (under Vite's `base`):
 *
 * - `models/<folder>/…`: the models shipped in this package's `models/` (purchase intent, the assistant, …), plus the
 *   folders you name in `modelDirs` (for example vision weights fetched by `npx storefront-ml models pull`);
 * - `wasm/<binary>`: the three TensorFlow.js WASM binaries from `@tensorflow/tfjs-backend-wasm/dist/`, which
 *   `initRuntime()` fetches from `/wasm/` by default.
 *
 * ```ts
 * // vite.config.ts
 * import { defineConfig } from 'vite';
 * import { storefrontMl } from 'storefront-ml/vite';
 * export default defineConfig({ plugins: [storefrontMl()] });
 * ```
 *
 * With a `base` other than `/`, the files are at `<base>models/` and `<base>wasm/`: pass
 * `initRuntime({ wasmPaths: import.meta.env.BASE_URL + 'wasm/' })` and model URLs under `import.meta.env.BASE_URL`.
 *
 * Node-only: it runs inside Vite, never in the page.
 */
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin, ResolvedConfig } from 'vite';
import { WASM_FILES, basePath, contentType, isModelFile, parseRequest, type Requested } from './layout.ts';

export { WASM_FILES } from './layout.ts';

export interface StorefrontMlPluginOptions {
  /**
   * Which folders of the package's `models/` to serve and copy: `'all'`, or a list of their names
   * (`'purchase-intent'`, `'purchase-intent-live'`, `'assistant'`). An empty list serves none. Vision weights are
   * not in the package: pull them into `public/models/` or a folder named in `modelDirs`.
   * @default 'all'
   */
  models?: 'all' | readonly string[];
  /**
   * More folders laid out like `models/`, relative to Vite's `root` (or absolute): each of their subfolders is served
   * at `/models/<subfolder>/`, ahead of a package folder of the same name. For example `['vision-models']` after
   * `npx storefront-ml models pull mobilenet_v1_025_layers --out vision-models/mobilenet_v1_025_layers/`.
   * (Files under Vite's `public/models/` and `public/wasm/` need no option: Vite serves them itself, and they win
   * over the package's files of the same path.)
   * @default []
   */
  modelDirs?: readonly string[];
  /**
   * Serve and copy the WASM binaries at `/wasm/`.
   * @default true
   */
  wasm?: boolean;
}

/** This package's root: src/vite/ and dist/vite/ both sit two folders below it. */
const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PACKAGE_MODELS = path.join(PACKAGE_ROOT, 'models');

function fail(message: string): never {
  throw new Error(`storefront-ml/vite: ${message}`);
}

/** The folder holding the WASM binaries: the app's own @tensorflow/tfjs-backend-wasm first, else the one beside us. */
export function findWasmDir(root: string): string {
  for (const from of [path.join(root, 'package.json'), path.join(PACKAGE_ROOT, 'package.json')]) {
    try {
      const pkg = createRequire(from).resolve('@tensorflow/tfjs-backend-wasm/package.json');
      const dir = path.join(path.dirname(pkg), 'dist');
      if (WASM_FILES.every((file) => existsSync(path.join(dir, file)))) return dir;
    } catch {
      // Not resolvable from there; try the next place.
    }
  }
  return fail('cannot find the WASM binaries of @tensorflow/tfjs-backend-wasm. Install it beside storefront-ml ' +
    '(npm install @tensorflow/tfjs-backend-wasm), or pass wasm: false and serve /wasm/ yourself.');
}

/**
 * The folders of the package's models/ that hold a model (a model.json somewhere inside). models/vision/ holds only
 * the pinned metadata `storefront-ml models pull` checks downloads against, not weights, so it is not one of them.
 */
function packageFolders(): string[] {
  if (!existsSync(PACKAGE_MODELS)) return [];
  return readdirSync(PACKAGE_MODELS, { withFileTypes: true })
    .filter((e) => e.isDirectory() && walk(path.join(PACKAGE_MODELS, e.name)).some((f) => f === 'model.json' || f.endsWith('/model.json')))
    .map((e) => e.name)
    .sort();
}

/** Every model file under `dir` (paths relative to it, `/`-separated). */
function walk(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...walk(dir, rel));
    else if (entry.isFile() && isModelFile(rel)) out.push(rel);
  }
  return out;
}

interface Layout {
  base: string;
  /** Vite's public folder (absolute), or null: a file there wins over ours, as the app's own. */
  publicDir: string | null;
  /** Model roots to look in, first match wins: the extra folders, then the package's models/. */
  roots: { dir: string; folders: ReadonlySet<string> | 'any' }[];
  wasmDir: string | null;
}

function resolveLayout(options: StorefrontMlPluginOptions, config: ResolvedConfig): Layout {
  const available = packageFolders();
  const chosen = options.models ?? 'all';
  if (chosen !== 'all') {
    if (!Array.isArray(chosen)) fail(`option models must be 'all' or a list of folder names; got ${String(chosen)}.`);
    const unknown = chosen.filter((name) => !available.includes(name));
    if (unknown.length > 0) {
      fail(`option models names ${unknown.join(', ')}, which the package does not ship as a model. ` +
        `Use some of: ${available.join(', ')}; vision weights come from npx storefront-ml models pull <name>.`);
    }
  }
  const extra = (options.modelDirs ?? []).map((dir) => {
    const abs = path.resolve(config.root, dir);
    if (!existsSync(abs) || !statSync(abs).isDirectory()) {
      fail(`option modelDirs names ${abs}, which is not a folder. Create it (npx storefront-ml models pull <name> ` +
        `--out ${dir}/<name>/) or remove it from modelDirs.`);
    }
    return { dir: abs, folders: 'any' as const };
  });
  return {
    base: basePath(config.base),
    publicDir: config.publicDir || null,
    roots: [...extra, { dir: PACKAGE_MODELS, folders: new Set(chosen === 'all' ? available : chosen) }],
    wasmDir: options.wasm === false ? null : findWasmDir(config.root),
  };
}

/** Whether the app's public folder has this output path (`models/…`, `wasm/…`): then Vite serves and copies its own. */
function inPublic(layout: Layout, outPath: string): boolean {
  if (!layout.publicDir) return false;
  const file = path.join(layout.publicDir, ...outPath.split('/'));
  return existsSync(file) && statSync(file).isFile();
}

/** The file on disk a request names, when there is one. */
function fileFor(layout: Layout, requested: Requested): string | undefined {
  if (inPublic(layout, requested.kind === 'wasm' ? `wasm/${requested.name}` : `models/${requested.rel}`)) return undefined;
  if (requested.kind === 'wasm') return layout.wasmDir ? path.join(layout.wasmDir, requested.name) : undefined;
  for (const { dir, folders } of layout.roots) {
    if (folders !== 'any' && !folders.has(requested.folder)) continue;
    const file = path.join(dir, ...requested.rel.split('/'));
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

/** Every file the build writes: output path (inside outDir) → file on disk. Extra folders win over the package's. */
export function filesToEmit(layout: Layout): Map<string, string> {
  const out = new Map<string, string>();
  for (const { dir, folders } of [...layout.roots].reverse()) {
    if (!existsSync(dir)) continue;
    for (const rel of walk(dir)) {
      const folder = rel.split('/')[0] as string;
      if (rel.includes('/') && (folders === 'any' || folders.has(folder))) out.set(`models/${rel}`, path.join(dir, rel));
    }
  }
  if (layout.wasmDir) for (const name of WASM_FILES) out.set(`wasm/${name}`, path.join(layout.wasmDir, name));
  for (const outPath of out.keys()) if (inPublic(layout, outPath)) out.delete(outPath);
  return out;
}

/** The plugin: `plugins: [storefrontMl()]` in vite.config. */
export function storefrontMl(options: StorefrontMlPluginOptions = {}): Plugin {
  let layout: Layout | undefined;
  let emit = true;
  const ready = (): Layout => layout ?? fail('the plugin was used before Vite resolved its configuration.');
  return {
    name: 'storefront-ml',
    configResolved(config) {
      layout = resolveLayout(options, config);
      // A server-side (SSR) build has no page to serve the files to.
      emit = !config.build.ssr;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        const requested = parseRequest(req.url ?? '', ready().base);
        const file = requested && fileFor(ready(), requested);
        if (!file) return next();
        res.setHeader('Content-Type', contentType(file));
        res.setHeader('Content-Length', statSync(file).size);
        res.setHeader('Cache-Control', 'no-cache');
        if (req.method === 'HEAD') return void res.end();
        createReadStream(file).pipe(res);
      });
    },
    generateBundle() {
      if (!emit) return;
      for (const [fileName, file] of filesToEmit(ready())) {
        this.emitFile({ type: 'asset', fileName, source: readFileSync(file) });
      }
    },
  };
}

export default storefrontMl;
