/**
 * A blank Vite + TypeScript app as a shop would start one (`npm create vite` vanilla-ts, trimmed), holding the
 * README's quick starts as written, one module each under src/quickstarts/, and the one-line plugin of
 * `storefront-ml/vite` for the files they fetch (/models/…, /wasm/…). Built with the app's own tsc and vite.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Snippet } from '../helpers/snippets.ts';
import { moduleName } from './quickstarts.ts';

const INDEX_HTML = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="UTF-8" />
    <link rel="icon" href="data:," />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <title>A shop</title>
  </head>
  <body>
    <script type="module" src="/src/main.ts"></script>
  </body>
</html>
`;

// The page runs the quick start its URL's hash names and says when it finished (the harness waits for that).
const MAIN_TS = `const quickstarts = import.meta.glob('./quickstarts/*.ts');
const load = quickstarts[\`./quickstarts/\${location.hash.slice(1)}.ts\`];
(window as unknown as { __quickstart: Promise<string> }).__quickstart = load
  ? load().then(() => 'done', (e: unknown) => \`failed: \${e instanceof Error ? e.stack ?? e.message : String(e)}\`)
  : Promise.resolve(\`failed: no quick start \${location.hash}\`);
`;

/** vite.config.ts with the plugin; `pluginOptions` is its options as source text (e.g. `{ modelDirs: ['vision-models'] }`). */
export const viteConfig = (pluginOptions = '') => `import { defineConfig } from 'vite';
import { storefrontMl } from 'storefront-ml/vite';

export default defineConfig({
  plugins: [storefrontMl(${pluginOptions})],
});
`;

/** Vite's vanilla-ts template's compiler options, but without the unused-locals lints a quick start need not pass. */
export const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    useDefineForClassFields: true,
    module: 'ESNext',
    lib: ['ES2022', 'DOM', 'DOM.Iterable'],
    types: ['vite/client'],
    skipLibCheck: true,
    moduleResolution: 'bundler',
    allowImportingTsExtensions: true,
    verbatimModuleSyntax: true,
    moduleDetection: 'force',
    noEmit: true,
    strict: true,
    noFallthroughCasesInSwitch: true,
  },
  include: ['src'],
};

function write(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

/**
 * Writes the app's sources into `dir`: the install's folder, or one below it (node_modules is found upwards).
 * `pluginOptions`: see {@link viteConfig}.
 */
export function writeViteApp(dir: string, snippets: Snippet[], pluginOptions = ''): void {
  rmSync(path.join(dir, 'src'), { recursive: true, force: true });
  write(path.join(dir, 'index.html'), INDEX_HTML);
  write(path.join(dir, 'vite.config.ts'), viteConfig(pluginOptions));
  write(path.join(dir, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  write(path.join(dir, 'src/main.ts'), MAIN_TS);
  for (const s of snippets) write(path.join(dir, 'src/quickstarts', `${moduleName(s)}.ts`), s.code);
}

export interface Run {
  status: number | null;
  output: string;
}

/** Runs a binary of the app's node_modules/.bin (tsc, vite) in `cwd`. */
export function appBin(appDir: string, cwd: string, bin: string, args: string[]): Run {
  const result = spawnSync(path.join(appDir, 'node_modules', '.bin', bin), args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The gzipped size of every .js file under `dir` (a build's output), largest first. */
export function gzippedJs(dir: string): { file: string; bytes: number; gzip: number }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.js'))
    .map((f) => {
      const text = readFileSync(path.join(dir, f));
      return { file: f, bytes: text.length, gzip: gzipSync(text).length };
    })
    .sort((a, b) => b.gzip - a.gzip);
}
