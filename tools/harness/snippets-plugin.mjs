// @ts-check
/**
 * What the snippet runner (test/browser/docs/) needs from Vite: each code block of README.md and docs/*.md as a
 * module, and the URLs a shop serves (the shared contract every quick start assumes):
 * - `/@snippet/<file.md>/L<line>.<js|ts>`: the fenced block opening at that line, as it is written (TS through
 *   Vite's transform; `storefront-ml` through the package aliases). The browser side decides which blocks run
 *   (test/helpers/snippets.ts) and checks that the code served is the code it read;
 * - `/models/<folder>/…`: the package's models/ (Vite already serves the repository root), and the vision
 *   models `storefront-ml models pull <name>` writes (`/models/mobilenet_v1_025_layers/` …): the weights from the
 *   data directory, our committed metadata.json beside them, as the CLI lays them out;
 * - `/wasm/*.wasm`: the three TF.js WASM binaries, as a shop's static server would serve them;
 * - `/photos/<class>/<id>.jpg`: real product photos (the data directory's fashion_product_images_224, read in place).
 * The last three are also one middleware, quickStartFiles(), for the packed-tarball tests' own servers.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT, dataDir, sendFile } from './plugins.mjs';

/** Vision models `models pull` can fetch → where the data directory holds the same files. */
export const PULLED_MODELS = {
  mobilenet_v1_025_layers: 'mobilenet_v1_025_224_tfjs/layers',
  mobilenet_v1_075_layers: 'mobilenet_v1_075_224_tfjs/layers',
  mobilenet_v1_025_graph: 'mobilenet_v1_025_224_tfjs/graph_tfhub',
};

const SNIPPET = /^\/@snippet\/(.+\.md)\/L(\d+)\.(js|ts)$/;

/**
 * The code of the fenced block whose opening fence is at 1-based `line` of `file` (relative to the repository),
 * with the fence's indentation removed, as extractSnippets reads it.
 * @param {string} file @param {number} line @returns {string}
 */
export function blockAt(file, line) {
  const abs = path.resolve(REPO_ROOT, file);
  if (!abs.startsWith(REPO_ROOT + path.sep) || !existsSync(abs)) throw new Error(`snippet: no file ${file} in the repository.`);
  const lines = readFileSync(abs, 'utf8').split(/\r?\n/);
  const fence = /^(\s*)(`{3,}|~{3,})/.exec(lines[line - 1] ?? '');
  if (!fence) throw new Error(`snippet: ${file}:${line} is not the opening fence of a code block.`);
  const [, indent = '', ticks = ''] = fence;
  const close = new RegExp(`^\\s*${ticks[0] === '`' ? '`' : '~'}{${ticks.length},}\\s*$`);
  const body = [];
  for (let i = line; i < lines.length && !close.test(/** @type {string} */ (lines[i])); i++) {
    const l = /** @type {string} */ (lines[i]);
    body.push(l.startsWith(indent) ? l.slice(indent.length) : l.trimStart());
  }
  return `${body.join('\n')}\n`;
}

/** @param {import('node:http').IncomingMessage} req @returns {string} the request's path after the prefix the middleware is mounted at */
function relPath(req) {
  return decodeURIComponent((req.url ?? '').split('?')[0]?.replace(/^\/+/, '') ?? '');
}

/**
 * The files the quick starts fetch that a shop serves itself, as one connect-style middleware (mount it at the root):
 * `/wasm/*.wasm` (unless `wasm: false`), the pulled vision models at `/models/<name>/` and the photos at `/photos/`.
 * For Vite (snippetsPlugin) and for a plain `node:http` static server alike (the packed-tarball tests); anything
 * else goes to `next()`. The package's own models/ are not here: a Vite root at the repository, or storefrontMl(),
 * serves them.
 * @param {{ wasm?: boolean }} [options]
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, next: () => void) => void}
 */
export function quickStartFiles({ wasm = true } = {}) {
  const wasmDir = path.join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  const photos = path.join(dataDir(), 'fashion_product_images_224');
  return (req, res, next) => {
    const url = relPath(req);
    const [top = '', folder = '', ...rest] = url.split('/');
    if (wasm && top === 'wasm' && folder.endsWith('.wasm') && rest.length === 0) {
      if (!sendFile(req, res, wasmDir, folder)) next();
    } else if (top === 'models' && Object.hasOwn(PULLED_MODELS, folder)) {
      const rel = rest.join('/');
      const ok = rel === 'metadata.json'
        ? sendFile(req, res, path.join(REPO_ROOT, 'models/vision', folder), rel)
        : sendFile(req, res, path.join(dataDir(), /** @type {Record<string, string>} */ (PULLED_MODELS)[folder] ?? ''), rel);
      if (!ok) next();
    } else if (top === 'photos' && url.endsWith('.jpg') && existsSync(photos) && statSync(photos).isDirectory()) {
      if (!sendFile(req, res, photos, url.slice('photos/'.length))) next();
    } else next();
  };
}

/** @returns {import('vite').Plugin} */
export function snippetsPlugin() {
  const files = quickStartFiles();
  return {
    name: 'storefront-snippets',
    enforce: 'pre',
    resolveId(id) {
      return SNIPPET.test(id.split('?')[0] ?? '') ? id.split('?')[0] : null;
    },
    load(id) {
      const m = SNIPPET.exec(id);
      if (!m) return null;
      const code = blockAt(/** @type {string} */ (m[1]), Number(m[2]));
      // The served text rides along, so the runner can check it ran the block it read.
      return `${code}\nexport const __snippetSource = ${JSON.stringify(code)};\n`;
    },
    configureServer(server) {
      server.middlewares.use(files);
    },
  };
}
