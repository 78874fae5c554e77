/**
 * Size measurements of small apps built with the packed tarball: `vite build` of an entry module in a folder of
 * the installed app (so it resolves the installed package), with a plugin that writes which modules went into which
 * chunk (modules.json), for the sizes the closing note reports and for checks such as "pulls no TensorFlow.js".
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { appBin, gzippedJs } from './vite-app.ts';

export interface SizeBuild {
  /** Sum of the gzipped .js files of the build (lazy chunks included). */
  gzip: number;
  bytes: number;
  /** Sum of the gzipped JS the page loads before running: the entry chunk and what it imports statically. */
  loadedGzip: number;
  chunks: { file: string; bytes: number; gzip: number }[];
  /** The package names (or 'app') of every module bundled, e.g. 'storefront-ml', 'idb', '@tensorflow/tfjs-core'. */
  packages: string[];
}

const packageOf = (id: string): string => {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(id.replaceAll('\\', '/'));
  return m ? (m[1] as string) : 'app';
};

/**
 * Builds `entry` (module code) as a one-page app in `<app>/size-apps/<name>/`. With `splitTfjs`, TensorFlow.js goes
 * into chunks of its own (named tfjs-*) so its share can be read off.
 */
export function buildSizeApp(app: string, name: string, entry: string, options: { splitTfjs?: boolean } = {}): SizeBuild {
  const dir = path.join(app, 'size-apps', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html>\n<script type="module" src="./main.js"></script>\n');
  writeFileSync(path.join(dir, 'main.js'), entry);
  const split = options.splitTfjs
    ? `rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'tfjs', test: /node_modules[\\\\/]@tensorflow[\\\\/]/ }] } } },`
    : '';
  writeFileSync(path.join(dir, 'vite.config.js'), `import { writeFileSync } from 'node:fs';
export default {
  logLevel: 'warn',
  build: { outDir: 'dist', chunkSizeWarningLimit: 5000, ${split} },
  plugins: [{
    name: 'list-modules',
    generateBundle(_, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk')
        .map((c) => ({ file: c.fileName, isEntry: c.isEntry, imports: c.imports, modules: Object.keys(c.modules) }));
      writeFileSync('modules.json', JSON.stringify(chunks));
    },
  }],
};
`);
  const vite = appBin(app, dir, 'vite', ['build']);
  if (vite.status !== 0) throw new Error(`vite build of ${name} failed:\n${vite.output}`);
  const chunks = gzippedJs(path.join(dir, 'dist'));
  const modules = JSON.parse(readFileSync(path.join(dir, 'modules.json'), 'utf8')) as { file: string; isEntry: boolean; imports: string[]; modules: string[] }[];
  const loaded = new Set<string>();
  const todo = modules.filter((c) => c.isEntry).map((c) => c.file);
  while (todo.length > 0) {
    const file = todo.pop() as string;
    if (loaded.has(file)) continue;
    loaded.add(file);
    todo.push(...(modules.find((c) => c.file === file)?.imports ?? []));
  }
  return {
    loadedGzip: chunks.filter((c) => loaded.has(c.file)).reduce((n, c) => n + c.gzip, 0),
    gzip: chunks.reduce((n, c) => n + c.gzip, 0),
    bytes: chunks.reduce((n, c) => n + c.bytes, 0),
    chunks,
    packages: [...new Set(modules.flatMap((c) => c.modules.map(packageOf)))].sort(),
  };
}

export const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
