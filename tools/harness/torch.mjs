// @ts-check
/**
 * The PyTorch tier: tests named `*.torch.test.ts` run tools/distributed/train_recommender.py, so they need a Python
 * with torch (env STOREFRONT_PYTHON, default Debian's /usr/bin/python3 with python3-torch). Without one they are
 * left out with one line saying so (test/run.mjs), except under STOREFRONT_REQUIRE_DATA=1 (CI), where that fails.
 *
 * `torchJobPlugin()` lets a browser test start the job on the Vite server: `POST /@torch/train` with
 * `{ events, processes, launch: 'env' | 'spawn', args }` runs it with `processes` ranks over loopback (`env`: one OS
 * process per rank with MASTER_ADDR/MASTER_PORT/RANK/WORLD_SIZE, as across machines; `spawn`: the script's
 * `--nproc`) into a fresh folder under results/torch-tests/, and answers `{ url, parity, summary }`; the folder is
 * then served as it would be hosted, under `/@torch/files/`.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { REPO_ROOT, dataDir } from './plugins.mjs';

export const TORCH_TESTS = ['**/*.torch.test.ts', '**/*.torch.data.test.ts'];
export const TORCH_TEST_FILE = /\.torch\.(data\.)?test\.ts$/;
const SCRIPT = path.join(REPO_ROOT, 'tools/distributed/train_recommender.py');
const OUT_ROOT = path.join(REPO_ROOT, 'results/torch-tests');

/** The Python that runs the job. */
export function torchPython() {
  return process.env.STOREFRONT_PYTHON ?? '/usr/bin/python3';
}

/**
 * Whether that Python imports torch with gloo; the answer is kept in env STOREFRONT_TORCH ('1' / '0') so the test
 * runner asks once and Vitest's config inherits it.
 */
export function hasTorch() {
  if (process.env.STOREFRONT_TORCH === '1' || process.env.STOREFRONT_TORCH === '0') return process.env.STOREFRONT_TORCH === '1';
  const probe = spawnSync(torchPython(), ['-c', 'import torch, torch.distributed as d; assert d.is_gloo_available()'], { stdio: 'ignore', timeout: 60_000 });
  const ok = probe.status === 0;
  process.env.STOREFRONT_TORCH = ok ? '1' : '0';
  return ok;
}

/** A free TCP port on 127.0.0.1 (for the rendezvous). @returns {Promise<number>} */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Runs one process of the job; resolves with its stdout, rejects with its stderr.
 * @param {string[]} args @param {NodeJS.ProcessEnv} env @returns {Promise<string>}
 */
function runPython(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(torchPython(), [SCRIPT, ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`train_recommender.py exited ${code}:\n${err.slice(-4000)}`))));
  });
}

/** Where `events` may come from: the repository's test fixtures, or `@data/<rel>` in the data directory. @param {string} events */
function eventsPath(events) {
  if (events.startsWith('@data/')) {
    const root = dataDir();
    const file = path.resolve(root, events.slice(6));
    if (file.startsWith(root + path.sep)) return file;
  } else {
    const root = path.join(REPO_ROOT, 'test/fixtures');
    const file = path.resolve(REPO_ROOT, events);
    if (file.startsWith(root + path.sep)) return file;
  }
  throw new Error(`events ${events} must be under test/fixtures/ or @data/`);
}

/**
 * @param {{ events: string, processes?: number, launch?: 'env' | 'spawn', args?: string[] }} job
 */
export async function runTorchJob(job) {
  const events = eventsPath(job.events);
  const world = job.processes ?? 2;
  mkdirSync(OUT_ROOT, { recursive: true });
  const dir = mkdtempSync(path.join(OUT_ROOT, 'job-'));
  const out = path.join(dir, 'model');
  const parity = path.join(dir, 'parity.json');
  const args = ['--events', events, '--out', out, '--parity', parity, '--json', ...(job.args ?? [])];
  let stdout;
  if (job.launch === 'spawn') {
    stdout = await runPython([...args, '--nproc', String(world)], {});
  } else {
    // One OS process per rank, rendezvous through the environment: exactly what runs across machines.
    const port = String(await freePort());
    const base = { MASTER_ADDR: '127.0.0.1', MASTER_PORT: port, WORLD_SIZE: String(world), LOCAL_WORLD_SIZE: String(world) };
    const outputs = await Promise.all(Array.from({ length: world }, (_, rank) => runPython(args, { ...base, RANK: String(rank) })));
    stdout = outputs[0] ?? '';
  }
  const id = path.basename(dir);
  return {
    url: `/@torch/files/${id}/model/`,
    summary: JSON.parse(stdout.trim().split('\n').pop() ?? '{}'),
    parity: JSON.parse(readFileSync(parity, 'utf8')),
  };
}

/** @returns {import('vite').Plugin} */
export function torchJobPlugin() {
  return {
    name: 'storefront-torch-job',
    configureServer(server) {
      server.middlewares.use('/@torch/', (req, res, next) => {
        const url = (req.url ?? '').split('?')[0] ?? '';
        if (url === '/train' && req.method === 'POST') {
          let body = '';
          req.on('data', (d) => (body += d));
          req.on('end', () => {
            runTorchJob(JSON.parse(body || '{}')).then((result) => {
              res.setHeader('Content-Type', 'application/json');
              res.end(JSON.stringify(result));
            }, (error) => {
              res.statusCode = 500;
              res.setHeader('Content-Type', 'application/json');
              res.end(JSON.stringify({ error: error instanceof Error ? error.message : String(error) }));
            });
          });
          return;
        }
        const m = /^\/files\/(job-[\w-]+)\/(.+)$/.exec(url);
        if (!m) return next();
        const file = path.resolve(OUT_ROOT, /** @type {string} */ (m[1]), decodeURIComponent(/** @type {string} */ (m[2])));
        if (!file.startsWith(OUT_ROOT + path.sep) || !existsSync(file) || !statSync(file).isFile()) return next();
        res.setHeader('Content-Type', file.endsWith('.json') ? 'application/json' : 'application/octet-stream');
        res.setHeader('Content-Length', statSync(file).size);
        createReadStream(file).pipe(res);
      });
    },
  };
}
