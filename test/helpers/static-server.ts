/**
 * A plain static file server on 127.0.0.1, as a shop without a bundler would host its site: URL prefixes mapped to
 * folders, content types by extension, 404 for anything else. No transforms, no fallback page.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.json': 'application/json',
  '.wasm': 'application/wasm', '.bin': 'application/octet-stream', '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  origin: string;
  /** Every path requested, in order. */
  requested: string[];
  close(): Promise<void>;
}

/** Serves `routes` (URL prefix ending in `/` → folder), longest prefix first. */
export async function serveStatic(routes: Record<string, string>): Promise<StaticServer> {
  const prefixes = Object.keys(routes).sort((a, b) => b.length - a.length);
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const pathname = decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/');
    requested.push(pathname);
    const prefix = prefixes.find((p) => pathname.startsWith(p));
    const root = prefix === undefined ? undefined : path.resolve(routes[prefix] as string);
    const rel = prefix === undefined ? '' : pathname.slice(prefix.length) || 'index.html';
    const file = root === undefined ? '' : path.resolve(root, rel);
    if (root === undefined || !file.startsWith(root + path.sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('static server: no address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    requested,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
