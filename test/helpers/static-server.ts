/**
 * A static file server on 127.0.0.1, as a shop's plain hosting serves files: GET and HEAD of files under the mounted
 * folders, nothing computed, 404 for anything else. `mounts` maps a URL prefix ('/', '/models/') to a folder; the
 * longest matching prefix wins. Every request it answered is in `served` (method and path), for the tests to check.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  served: { method: string; path: string; status: number }[];
  close(): Promise<void>;
}

export async function serveStatic(mounts: Record<string, string>): Promise<StaticServer> {
  const prefixes = Object.keys(mounts).sort((a, b) => b.length - a.length);
  const served: StaticServer['served'] = [];
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const answer = (status: number) => served.push({ method: req.method ?? '', path: pathname, status });
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      answer(405);
      res.writeHead(405).end();
      return;
    }
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    let file = prefix === undefined ? undefined : path.join(mounts[prefix] as string, pathname.slice(prefix.length));
    if (file && existsSync(file) && statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!file || !prefix || path.relative(mounts[prefix] as string, file).startsWith('..') || !existsSync(file)) {
      answer(404);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    answer(200);
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'content-length': statSync(file).size, 'cache-control': 'no-store' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    origin: `http://127.0.0.1:${port}`,
    served,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
