// @ts-check
/**
 * Vite plugins shared by the test runner, the bench/eval harness and the demo's dev server.
 * Plain JS so that both vite.config.ts and Node scripts can import it.
 */
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The data directory: env STOREFRONT_DATA, else ../shared/data beside the repository. */
export function dataDir() {
  return path.resolve(process.env.STOREFRONT_DATA ?? path.join(REPO_ROOT, '../shared/data'));
}

/** Whether the data directory is there. Without it, `npm test` leaves out the data tier (see DATA_TESTS). */
export function hasDataDir() {
  return existsSync(dataDir());
}

/** The data tier: test files that read the data directory are named so (test/run.mjs counts them apart). */
export const DATA_TESTS = ['**/*.data.test.ts', '**/*.data.e2e.ts'];
export const DATA_TEST_FILE = /\.data\.(test|e2e)\.ts$/;

const TYPES = {
  '.json': 'application/json', '.wasm': 'application/wasm', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.png': 'image/png', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8', '.bin': 'application/octet-stream',
};

/**
 * Serves files of `root` under `prefix`, read-only, refusing paths that climb out of it.
 * @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res
 * @param {string} root @param {string} rel
 */
export function sendFile(req, res, root, rel) {
  const file = path.resolve(root, rel);
  if (!file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) return false;
  const type = /** @type {Record<string,string>} */ (TYPES)[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.setHeader('Content-Type', type);
  res.setHeader('Content-Length', statSync(file).size);
  res.setHeader('Cache-Control', 'no-cache');
  if (req.method === 'HEAD') { res.end(); return true; }
  createReadStream(file).pipe(res);
  return true;
}

/**
 * `/@data/<path>` → the data directory (real models and data sets, never copied into the repo).
 * A missing directory or file answers 404 with a JSON body that says what to do.
 * @returns {import('vite').Plugin}
 */
export function dataPlugin() {
  return {
    name: 'storefront-data',
    configureServer(server) {
      server.middlewares.use('/@data/', (req, res, next) => {
        const root = dataDir();
        const [pathname = '', query = ''] = (req.url ?? '').replace(/^\/+/, '').split('?');
        const rel = decodeURIComponent(pathname);
        if (sendFile(req, res, root, rel)) return;
        const dir = path.resolve(root, rel);
        if (query === 'list' && dir.startsWith(root) && existsSync(dir) && statSync(dir).isDirectory()) {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(listFiles(dir)));
          return;
        }
        if (req.method !== 'GET' && req.method !== 'HEAD') return next();
        res.statusCode = 404;
        res.setHeader('Content-Type', 'application/json');
        const why = existsSync(root)
          ? `${rel} is not in the data directory ${root}`
          : `the data directory ${root} does not exist; set STOREFRONT_DATA to the folder holding the shared data`;
        res.end(JSON.stringify({ code: 'DATA_MISSING', message: why }));
      });
    },
  };
}

/**
 * Serves the WASM binaries as a shop's own static server would: a plain folder, `/static/tfjs-wasm/`, no bundler.
 * Also `/static/html-not-wasm/`, which answers every request with an HTML page (a misconfigured SPA fallback),
 * so tests can provoke the most common WASM failure.
 * @returns {import('vite').Plugin}
 */
export function staticWasmPlugin() {
  const wasmDir = path.join(REPO_ROOT, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  return {
    name: 'storefront-static-wasm',
    configureServer(server) {
      server.middlewares.use('/static/tfjs-wasm/', (req, res, next) => {
        const rel = decodeURIComponent((req.url ?? '').split('?')[0]?.replace(/^\/+/, '') ?? '');
        if (!rel.endsWith('.wasm') || !sendFile(req, res, wasmDir, rel)) next();
      });
      server.middlewares.use('/static/html-not-wasm/', (_req, res) => {
        res.setHeader('Content-Type', 'text/html');
        res.end('<!doctype html><html><body>Shop home page</body></html>');
      });
    },
  };
}

/**
 * Lists the files under `dir` (relative paths, sorted), for `?list` requests on directories.
 * @param {string} dir @returns {string[]}
 */
export function listFiles(dir) {
  /** @type {string[]} */
  const out = [];
  /** @param {string} d @param {string} prefix */
  const walk = (d, prefix) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) walk(path.join(d, entry.name), `${prefix}${entry.name}/`);
      else out.push(prefix + entry.name);
    }
  };
  walk(dir, '');
  return out.sort();
}

/**
 * `/@local/<i>/<rel>` → files under the i-th local path named on the harness's command line (`--images <dir>`,
 * `--dataset <file>`). A directory answers `?list` with a JSON array of its files. Nothing else is reachable.
 * @param {string[]} roots absolute paths @returns {import('vite').Plugin}
 */
export function localFilesPlugin(roots) {
  return {
    name: 'storefront-local-files',
    configureServer(server) {
      server.middlewares.use('/@local/', (req, res, next) => {
        const [pathname = '', query = ''] = (req.url ?? '').replace(/^\/+/, '').split('?');
        const [index = '', ...rest] = pathname.split('/');
        const root = roots[Number(index)];
        if (root === undefined) return next();
        const rel = decodeURIComponent(rest.join('/'));
        if (statSync(root).isFile()) {
          if (rel === '' && sendFile(req, res, path.dirname(root), path.basename(root))) return;
          return next();
        }
        if (query === 'list' && rel === '') {
          res.setHeader('Content-Type', 'application/json');
          res.end(JSON.stringify(listFiles(root)));
          return;
        }
        if (!sendFile(req, res, root, rel)) next();
      });
    },
  };
}
